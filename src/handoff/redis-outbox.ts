// The outbox in Redis: each application is a hash (its record and delivery state) indexed by sorted sets
// (all, per status, per user), and its delivery is a BullMQ job whose id is the application id. State changes
// are Lua scripts, so a status and its index never disagree. BullMQ schedules the tries (bullmq-worker.ts);
// this hash stays the record operators and users see.
import { addBounded, setBounded } from '../bounded.js'
import type { Redis } from 'ioredis'
import { Queue } from 'bullmq'
import { redactApplicationFields } from './mask-fields.js'
import { checkRecord } from './check-record.js'
import { storedResults } from './eligibility-json.js'
import { owedNow, storedApplication } from './stored-application.js'
import {
  DELIVERY_STATUSES,
  type ApplicationRecord,
  type ApplicationStore,
  type DeliveryStatus,
  type FailureUpdate,
  type ListOptions,
  type RedactionResult,
  type RetryOutcome,
  type StoredApplication,
  type SubmitOptions,
} from './types.js'

export const HANDOFF_QUEUE = 'handoff'
export const DELIVER_JOB = 'deliver'

export interface DeliveryJobData {
  /** Only the id: the record (personal data) stays in one place, the application hash. */
  id: string
}

export interface BeganAttempt {
  application: ApplicationRecord
  roundTries: number
}

export interface RedisApplicationStore extends ApplicationStore {
  readonly queue: Queue<DeliveryJobData>
  /** The worker's side: marks the application as being delivered; undefined when it is no longer owed. */
  beginAttempt(id: string, leaseUntil: number): Promise<BeganAttempt | undefined>
  /** Makes sure every owed application has its job, and finishes redactions a crash interrupted. */
  reconcile(): Promise<{ requeued: number; redacted: number }>
  close(): Promise<void>
}

export interface RedisApplicationStoreOptions {
  redis: Redis
  prefix: string
  /** Tries before an application is dead: the BullMQ job's `attempts`. */
  maxAttempts: number
}

// Every transition script gets KEYS = [application hash, then one index per status in DELIVERY_STATUSES order].
const MOVE = `
local statuses = {'pending', 'delivering', 'delivered', 'dead'}
local function move(id, to)
  local score = redis.call('HGET', KEYS[1], 'submittedAtMs')
  for i, s in ipairs(statuses) do
    if s == to then redis.call('ZADD', KEYS[i + 1], score, id) else redis.call('ZREM', KEYS[i + 1], id) end
  end
  redis.call('HSET', KEYS[1], 'status', to)
end
`

const SCRIPTS = {
  // KEYS: hash, 4 status indexes, all, user, the eligibility results. ARGV: id, record (without its results),
  // submittedAtMs, now, the results' hash, their JSON ('' when this instance has seen them stored).
  // Returns 1 (created), 0 (exists already) or -1 (the results are not stored: call again with their JSON).
  submit: `${MOVE}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if ARGV[6] ~= '' then redis.call('SET', KEYS[8], ARGV[6], 'NX')
elseif redis.call('EXISTS', KEYS[8]) == 0 then return -1 end
redis.call('HSET', KEYS[1], 'record', ARGV[2], 'eligibilityHash', ARGV[5], 'submittedAtMs', ARGV[3], 'tries', 0,
  'roundTries', 0, 'nextAttemptAt', ARGV[4], 'redactOnDelivery', 0)
move(ARGV[1], 'pending')
redis.call('ZADD', KEYS[6], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[7], ARGV[3], ARGV[1])
return 1`,
  // Undoes a submit whose inTransaction callback threw. KEYS as submit. ARGV: id.
  unsubmit: `
for i = 1, 7 do
  if i == 1 then redis.call('DEL', KEYS[1]) else redis.call('ZREM', KEYS[i], ARGV[1]) end
end
return 1`,
  // ARGV: id, leaseUntil. Returns {record, roundTries, results' hash or ''}, or the status when nothing is owed.
  begin: `${MOVE}
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return false end
if status ~= 'pending' and status ~= 'delivering' then return status end
move(ARGV[1], 'delivering')
redis.call('HSET', KEYS[1], 'nextAttemptAt', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'tries', 1)
local round = redis.call('HINCRBY', KEYS[1], 'roundTries', 1)
return {redis.call('HGET', KEYS[1], 'record'), round, redis.call('HGET', KEYS[1], 'eligibilityHash') or ''}`,
  // ARGV: id, now, statusCode. Returns -1 if not being delivered, else the redactOnDelivery flag.
  delivered: `${MOVE}
if redis.call('HGET', KEYS[1], 'status') ~= 'delivering' then return -1 end
move(ARGV[1], 'delivered')
redis.call('HSET', KEYS[1], 'deliveredAt', ARGV[2], 'lastStatusCode', ARGV[3], 'nextAttemptAt', '')
redis.call('HDEL', KEYS[1], 'lastError')
return tonumber(redis.call('HGET', KEYS[1], 'redactOnDelivery') or '0')`,
  // ARGV: id, error, statusCode ('' = none), nextAttemptAt ('' = dead).
  failed: `${MOVE}
if redis.call('HGET', KEYS[1], 'status') ~= 'delivering' then return 0 end
if ARGV[4] == '' then move(ARGV[1], 'dead') else move(ARGV[1], 'pending') end
redis.call('HSET', KEYS[1], 'lastError', ARGV[2], 'lastStatusCode', ARGV[3], 'nextAttemptAt', ARGV[4])
return 1`,
  // An operator's retry: pending or dead -> pending, due now, fresh round. ARGV: id, now.
  reset: `${MOVE}
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'pending' and status ~= 'dead' then return 0 end
move(ARGV[1], 'pending')
redis.call('HSET', KEYS[1], 'roundTries', 0, 'nextAttemptAt', ARGV[2])
return 1`,
  // 删除我的信息 on one application: 'delivered' (the caller masks it now) or 'later' (masked on delivery).
  // KEYS: hash, the set of masks owed on delivery. ARGV: id.
  markRedact: `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return false end
if status == 'delivered' then return 'delivered' end
redis.call('HSET', KEYS[1], 'redactOnDelivery', 1)
redis.call('SADD', KEYS[2], ARGV[1])
return 'later'`,
  // KEYS: hash, the set of masks owed on delivery. ARGV: record (masked), now, id. Only a delivered one is masked.
  redact: `
if redis.call('HGET', KEYS[1], 'status') ~= 'delivered' then return 0 end
redis.call('HSET', KEYS[1], 'record', ARGV[1], 'redactedAt', ARGV[2], 'redactOnDelivery', 0)
redis.call('SREM', KEYS[2], ARGV[3])
return 1`,
} as const

type ScriptName = keyof typeof SCRIPTS

/** The scripts as ioredis commands (EVALSHA: the script's text is not sent on every call). */
const COMMAND_PREFIX = 'handoffOutbox_'

const toIso = (ms: string | undefined) => (ms ? new Date(Number(ms)).toISOString() : null)

/** A record with its results: those kept apart by hash (results JSON given), or its own (written before). */
function toRecord(recordJson: string, resultsJson: string | undefined): ApplicationRecord {
  const record = JSON.parse(recordJson) as ApplicationRecord
  if (resultsJson !== undefined) record.eligibility = JSON.parse(resultsJson) as unknown[]
  return record
}

function toStored(hash: Record<string, string>, resultsJson: string | undefined): StoredApplication {
  const record = toRecord(hash.record, resultsJson)
  const status = hash.status as DeliveryStatus
  const owed = status === 'pending' || status === 'delivering'
  return storedApplication(record, {
    status,
    tries: Number(hash.tries ?? 0),
    lastError: hash.lastError ?? null,
    lastStatusCode: hash.lastStatusCode ? Number(hash.lastStatusCode) : null,
    nextAttemptAt: owed ? toIso(hash.nextAttemptAt) : null,
    deliveredAt: toIso(hash.deliveredAt),
    redactedAt: toIso(hash.redactedAt),
  })
}

export function createRedisApplicationStore(options: RedisApplicationStoreOptions): RedisApplicationStore {
  const { redis, prefix, maxAttempts } = options
  const base = `${prefix}:handoff`
  const keys = {
    app: (id: string) => `${base}:app:${id}`,
    status: (s: DeliveryStatus) => `${base}:status:${s}`,
    all: `${base}:all`,
    user: (userId: string) => `${base}:user:${userId}`,
    /** Applications whose fields are masked as soon as they are delivered (删除我的信息 before delivery). */
    redactLater: `${base}:redact-on-delivery`,
    /** Eligibility results by content hash, shared by every application that has them (eligibility-json.ts). */
    results: (hash: string) => `${base}:eligibility:${hash}`,
  }
  const transitionKeys = (id: string) => [keys.app(id), ...DELIVERY_STATUSES.map(keys.status)]
  // Its own connection-sharing Queue: BullMQ keys live under `${prefix}:bull:handoff:*`.
  const queue = new Queue<DeliveryJobData>(HANDOFF_QUEUE, { connection: redis, prefix: `${prefix}:bull` })
  queue.on('error', () => {}) // failures surface on the call that made them

  const commands = redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>
  for (const [name, lua] of Object.entries(SCRIPTS)) {
    if (!commands[COMMAND_PREFIX + name]) redis.defineCommand(COMMAND_PREFIX + name, { lua })
  }
  function run(name: ScriptName, scriptKeys: string[], args: (string | number)[]): Promise<unknown> {
    return commands[COMMAND_PREFIX + name](scriptKeys.length, ...scriptKeys, ...args.map(String))
  }

  // Results JSON by hash: content-addressed, so what was read once never changes. Bounded; the oldest go first.
  const resultsByHash = new Map<string, string>()
  /** Hashes this instance has seen stored: a submit with one of them need not send the JSON again. */
  const storedHashes = new Set<string>()

  /** The results JSON of each hash given (empty ones, from records that keep their own, are skipped). */
  async function resultsFor(hashes: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>()
    const wanted: string[] = []
    for (const hash of new Set(hashes)) {
      const known = hash ? resultsByHash.get(hash) : undefined
      if (known !== undefined) out.set(hash, known)
      else if (hash) wanted.push(hash)
    }
    if (wanted.length) {
      const found = await redis.mget(...wanted.map(keys.results))
      wanted.forEach((hash, i) => {
        const json = found[i]
        if (json === null) throw new Error(`outbox: eligibility results ${hash} are missing from Redis`)
        setBounded(resultsByHash, hash, json, 1000)
        out.set(hash, json)
      })
    }
    return out
  }

  async function read(ids: string[]): Promise<StoredApplication[]> {
    if (ids.length === 0) return []
    const pipeline = redis.pipeline()
    for (const id of ids) pipeline.hgetall(keys.app(id))
    const hashes: Record<string, string>[] = []
    for (const [error, hash] of (await pipeline.exec()) ?? []) {
      if (error) throw error
      const h = hash as Record<string, string>
      if (h && h.record) hashes.push(h)
    }
    const results = await resultsFor(hashes.map((h) => h.eligibilityHash))
    return hashes.map((h) => toStored(h, h.eligibilityHash ? results.get(h.eligibilityHash) : undefined))
  }

  async function get(id: string): Promise<StoredApplication | undefined> {
    return (await read([id]))[0]
  }

  async function enqueue(id: string): Promise<void> {
    // jobId = application id: BullMQ ignores an add whose id already exists, so a repeat never makes a second job.
    await queue.add(DELIVER_JOB, { id }, {
      jobId: id,
      attempts: maxAttempts,
      backoff: { type: 'handoff' },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 1000 },
    })
  }

  async function redactNow(id: string, now: number): Promise<boolean> {
    const hash = await redis.hgetall(keys.app(id))
    if (!hash.record || hash.redactedAt) return false
    const record = JSON.parse(hash.record) as ApplicationRecord
    const masked = JSON.stringify({ ...record, fields: redactApplicationFields(record.fields) })
    return (await run('redact', [keys.app(id), keys.redactLater], [masked, now, id])) === 1
  }

  async function markFailed(id: string, update: FailureUpdate): Promise<void> {
    await run('failed', transitionKeys(id), [id, update.error, update.statusCode ?? '', update.nextAttemptAt ?? ''])
  }

  /** Operator reset: the old job (delayed or failed) goes, a fresh one with attempts from zero comes. */
  async function resetAndEnqueue(id: string): Promise<RetryOutcome> {
    const job = await queue.getJob(id)
    if (job) {
      const state = await job.getState()
      if (state === 'active') return 'in_flight'
      try {
        await job.remove()
      } catch {
        return 'in_flight' // a worker took it between the two calls
      }
    }
    if ((await run('reset', transitionKeys(id), [id, Date.now()])) !== 1) {
      const current = await get(id)
      if (!current) return 'not_found'
      return current.status === 'delivered' ? 'already_delivered' : 'in_flight'
    }
    await enqueue(id)
    return 'scheduled'
  }

  return {
    queue,

    async submit(record, submitOptions?: SubmitOptions) {
      checkRecord(record)
      const now = Date.now()
      const results = storedResults(record.eligibility)
      const submitKeys = [...transitionKeys(record.id), keys.all, keys.user(record.userId), keys.results(results.hash)]
      const recordJson = JSON.stringify({ ...record, eligibility: undefined }) // the results are kept apart, by hash
      const submitWith = (resultsJson: string) =>
        run('submit', submitKeys, [record.id, recordJson, Date.parse(record.submittedAt), now, results.hash, resultsJson])
      let outcome = await submitWith(storedHashes.has(results.hash) ? '' : results.json)
      if (outcome === -1) outcome = await submitWith(results.json)
      addBounded(storedHashes, results.hash, 10_000)
      const created = outcome === 1
      try {
        submitOptions?.inTransaction?.(created)
      } catch (error) {
        if (created) await run('unsubmit', submitKeys, [record.id])
        throw error
      }
      // A 补正 re-submission: the application's fields become the ones sent again (under the conversation's lock).
      if (created && record.resubmission) {
        const of = record.resubmission.of
        const current = await redis.hget(keys.app(of), 'record')
        if (current) {
          const original = JSON.parse(current) as ApplicationRecord
          await redis.hset(keys.app(of), 'record', JSON.stringify({ ...original, fields: record.fields }))
        }
      }
      // A new application is exactly the record, owed now: not read back.
      const application = created ? owedNow(record, now) : (await get(record.id))!
      // A repeat of an owed application re-adds its job: a crash between the write and the add is healed here.
      if (application.status === 'pending') await enqueue(record.id)
      return { application, created }
    },

    get,

    async list(listOptions: ListOptions = {}) {
      const limit = Math.max(1, Math.min(listOptions.limit ?? 50, 10_000))
      const index = listOptions.status ? keys.status(listOptions.status) : keys.all
      return (await read(await redis.zrevrange(index, '0', String(limit - 1)))).filter((a) => !a.resubmission)
    },

    async countByStatus() {
      const pipeline = redis.pipeline()
      for (const s of DELIVERY_STATUSES) pipeline.zcard(keys.status(s))
      const results = (await pipeline.exec()) ?? []
      const counts = {} as Record<DeliveryStatus, number>
      DELIVERY_STATUSES.forEach((s, i) => {
        const [error, n] = results[i]
        if (error) throw error
        counts[s] = Number(n)
      })
      return counts
    },

    async retry(id) {
      const current = await get(id)
      if (!current) return 'not_found'
      if (current.status === 'delivered') return 'already_delivered'
      if (current.status === 'delivering') return 'in_flight'
      return resetAndEnqueue(id)
    },

    async replayDead() {
      let replayed = 0
      for (const id of await redis.zrange(keys.status('dead'), '0', '-1')) {
        if ((await resetAndEnqueue(id)) === 'scheduled') replayed++
      }
      return replayed
    },

    async forUser(userId) {
      return (await read(await redis.zrange(keys.user(userId), '0', '-1'))).filter((a) => !a.resubmission)
    },

    async findByPhone(digits, limit) {
      // No phone index: the newest applications are read page by page (an operator's search, not a hot path).
      const found: StoredApplication[] = []
      const PAGE = 500
      for (let start = 0; start < 20_000 && found.length < limit; start += PAGE) {
        const ids = await redis.zrevrange(keys.all, String(start), String(start + PAGE - 1))
        if (!ids.length) break
        for (const a of await read(ids)) {
          const phone = typeof a.fields.phone === 'string' ? a.fields.phone : ''
          if (a.resubmission || !(digits.length === 4 ? phone.endsWith(digits) : phone === digits)) continue
          if (found.length < limit) found.push(a)
        }
      }
      return found
    },

    async redactDelivered(userId) {
      const result: RedactionResult = { redacted: 0, redactOnDelivery: 0 }
      const now = Date.now()
      for (const id of await redis.zrange(keys.user(userId), '0', '-1')) {
        const mark = await run('markRedact', [keys.app(id), keys.redactLater], [id])
        if (mark === 'delivered') {
          if (await redactNow(id, now)) result.redacted++
        } else if (mark === 'later') {
          result.redactOnDelivery++
        }
      }
      return result
    },

    async claimDue() {
      throw new Error('Redis mode: BullMQ hands out deliveries (createBullmqDeliveryWorker), not claimDue')
    },

    async beginAttempt(id, leaseUntil) {
      const result = await run('begin', transitionKeys(id), [id, leaseUntil])
      if (!Array.isArray(result)) return undefined
      const hash = String(result[2] ?? '')
      const application = toRecord(String(result[0]), hash ? (await resultsFor([hash])).get(hash) : undefined)
      return { application, roundTries: Number(result[1]) }
    },

    async markDelivered(id, statusCode, now) {
      const flag = await run('delivered', transitionKeys(id), [id, now, statusCode])
      if (flag === 1) await redactNow(id, now)
    },

    async markFailed(id, update: FailureUpdate) {
      await markFailed(id, update)
    },

    async nextDueAt() {
      const owed = [
        ...(await redis.zrange(keys.status('pending'), '0', '-1')),
        ...(await redis.zrange(keys.status('delivering'), '0', '-1')),
      ]
      if (owed.length === 0) return null
      const pipeline = redis.pipeline()
      for (const id of owed) pipeline.hget(keys.app(id), 'nextAttemptAt')
      const times = ((await pipeline.exec()) ?? []).map(([, t]) => Number(t)).filter((t) => Number.isFinite(t) && t > 0)
      return times.length ? Math.min(...times) : null
    },

    async reconcile() {
      let requeued = 0
      let redacted = 0
      for (const id of await redis.zrange(keys.status('pending'), '0', '-1')) {
        if (!(await queue.getJob(id))) {
          await enqueue(id)
          requeued++
        }
      }
      // A delivery whose worker died and whose job BullMQ then failed (stalled too often) is dead; one whose job
      // is gone altogether is owed again.
      for (const id of await redis.zrange(keys.status('delivering'), '0', '-1')) {
        const job = await queue.getJob(id)
        const state = job ? await job.getState() : 'missing'
        if (state === 'failed') await markFailed(id, { error: job?.failedReason || 'failed', statusCode: null, nextAttemptAt: null })
        if (state === 'missing') {
          await markFailed(id, { error: 'delivery interrupted', statusCode: null, nextAttemptAt: Date.now() })
          await enqueue(id)
          requeued++
        }
      }
      const now = Date.now()
      for (const id of await redis.smembers(keys.redactLater)) {
        if (await redactNow(id, now)) redacted++
      }
      return { requeued, redacted }
    },

    async close() {
      await queue.close()
    },
  }
}
