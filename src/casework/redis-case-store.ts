// The case status in Redis, beside the outbox's application hashes (`<prefix>:handoff:app:<id>`): every change is one
// Lua script, so an event, its status and its notice are written together or not at all.
//   <prefix>:case:seen:<webhook-id>        the event's application (idempotency on webhook-id)
//   <prefix>:case:status:<id>              hash: status, atMs, event (the latest event's JSON)
//   <prefix>:case:history:<id>             list: '0'|'1' (stale) + the event's JSON, in arrival order
//   <prefix>:case:inbox:<channel>:<user>   list: notices waiting for the worker's next message (api)
//   <prefix>:case:push                     sorted set: pushed notices (WeChat) by due time (a claim moves it to the lease's end)
//   <prefix>:case:notice:<uuid>            hash: a pushed notice (applicationId, channel, userId, text, tries, state)
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { AcceptOutcome, CaseEvent, CaseInfo, CaseStore, HistoryEntry, PushNotice } from './types.js'

const ACCEPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'duplicate' end
if redis.call('EXISTS', KEYS[2]) == 0 then return 'unknown_application' end
local cur = redis.call('HGET', KEYS[3], 'atMs')
local stale = cur and tonumber(ARGV[2]) < tonumber(cur)
redis.call('SET', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[4], (stale and '1' or '0') .. ARGV[3])
if stale then return 'stale' end
redis.call('HSET', KEYS[3], 'status', ARGV[4], 'atMs', ARGV[2], 'event', ARGV[3])
if ARGV[5] == '1' then
  redis.call('HSET', KEYS[7], 'applicationId', ARGV[1], 'channel', ARGV[6], 'userId', ARGV[7], 'text', ARGV[8], 'tries', 0, 'state', 'waiting')
  redis.call('ZADD', KEYS[6], ARGV[9], ARGV[10])
else
  redis.call('RPUSH', KEYS[5], ARGV[8])
end
return 'accepted'`

const TAKE = `
local items = redis.call('LRANGE', KEYS[1], 0, -1)
if #items > 0 then redis.call('DEL', KEYS[1]) end
return items`

// KEYS: push set. ARGV: now, limit, leaseUntil, notice key prefix.
const CLAIM = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, id in ipairs(ids) do
  local key = ARGV[4] .. id
  redis.call('ZADD', KEYS[1], ARGV[3], id)
  local tries = redis.call('HINCRBY', key, 'tries', 1)
  redis.call('HSET', key, 'state', 'sending')
  local f = redis.call('HMGET', key, 'applicationId', 'channel', 'userId', 'text')
  table.insert(out, {id, f[1] or '', f[2] or '', f[3] or '', f[4] or '', tries})
end
return out`

// KEYS: push set, notice hash. ARGV: id, now.
const SENT = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'state', 'sent', 'sentAt', ARGV[2])
redis.call('PEXPIRE', KEYS[2], 2592000000)
return 1`

// KEYS: push set, notice hash. ARGV: id, error, retryAt ('' = give up).
const FAILED = `
if redis.call('HGET', KEYS[2], 'state') ~= 'sending' then return 0 end
redis.call('HSET', KEYS[2], 'lastError', ARGV[2])
if ARGV[3] == '' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HSET', KEYS[2], 'state', 'failed')
else
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
end
return 1`

interface Scripted {
  caseAccept(...args: string[]): Promise<string>
  caseTake(key: string): Promise<string[]>
  caseClaim(...args: string[]): Promise<Array<[string, string, string, string, string, number]>>
  caseSent(...args: string[]): Promise<number>
  caseFailed(...args: string[]): Promise<number>
}

export function createRedisCaseStore(options: { redis: Redis; prefix: string }): CaseStore {
  const { redis, prefix } = options
  redis.defineCommand('caseAccept', { numberOfKeys: 7, lua: ACCEPT })
  redis.defineCommand('caseTake', { numberOfKeys: 1, lua: TAKE })
  redis.defineCommand('caseClaim', { numberOfKeys: 1, lua: CLAIM })
  redis.defineCommand('caseSent', { numberOfKeys: 2, lua: SENT })
  redis.defineCommand('caseFailed', { numberOfKeys: 2, lua: FAILED })
  const r = redis as unknown as Scripted & Redis
  const k = {
    seen: (webhookId: string) => `${prefix}:case:seen:${webhookId}`,
    app: (id: string) => `${prefix}:handoff:app:${id}`,
    status: (id: string) => `${prefix}:case:status:${id}`,
    history: (id: string) => `${prefix}:case:history:${id}`,
    inbox: (channel: string, userId: string) => `${prefix}:case:inbox:${channel}:${userId}`,
    push: `${prefix}:case:push`,
    noticePrefix: `${prefix}:case:notice:`,
  }

  return {
    async accept(webhookId, event, notice) {
      const id = randomUUID()
      const outcome = await r.caseAccept(
        k.seen(webhookId), k.app(event.applicationId), k.status(event.applicationId), k.history(event.applicationId),
        k.inbox(notice.channel, notice.userId), k.push, k.noticePrefix + id,
        event.applicationId, String(Date.parse(event.at)), JSON.stringify(event), event.status, notice.push ? '1' : '0',
        notice.channel, notice.userId, notice.text, String(notice.dueAt), id,
      )
      return outcome as AcceptOutcome
    },
    async info(ids) {
      const out = new Map<string, CaseInfo>()
      if (!ids.length) return out
      const pipeline = redis.pipeline()
      for (const id of ids) pipeline.lrange(k.history(id), 0, -1).hget(k.status(id), 'event')
      const results = (await pipeline.exec()) ?? []
      ids.forEach((id, i) => {
        const [err1, raw] = results[2 * i] as [Error | null, string[]]
        const [err2, latestJson] = results[2 * i + 1] as [Error | null, string | null]
        if (err1 || err2) throw err1 ?? err2
        if (!raw.length) return
        const history: HistoryEntry[] = raw
          .map((item) => {
            const event = JSON.parse(item.slice(1)) as CaseEvent
            return { status: event.status, at: event.at, ...(event.message ? { message: event.message } : {}), ...(item[0] === '1' ? { stale: true } : {}) }
          })
          .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
        const latest = latestJson ? (JSON.parse(latestJson) as CaseEvent) : undefined
        out.set(id, {
          caseStatus: latest?.status ?? null,
          ...(latest?.status === 'needs_more' ? { needs: latest.needs ?? [] } : {}),
          ...(latest?.caseNumber ? { caseNumber: latest.caseNumber } : {}),
          history,
        })
      })
      return out
    },
    async takeInbox(channel, userId) {
      return r.caseTake(k.inbox(channel, userId))
    },
    async claimDue(now, limit, leaseMs): Promise<PushNotice[]> {
      const rows = await r.caseClaim(k.push, String(now), String(limit), String(now + leaseMs), k.noticePrefix)
      return rows.map(([id, applicationId, channel, userId, text, tries]) => ({ id, applicationId, channel, userId, text, tries: Number(tries) }))
    },
    async markSent(id, now) {
      await r.caseSent(k.push, k.noticePrefix + id, id, String(now))
    },
    async markFailed(id, error, retryAt) {
      await r.caseFailed(k.push, k.noticePrefix + id, id, error.slice(0, 200), retryAt === null ? '' : String(retryAt))
    },
    async nextDueAt() {
      const first = await redis.zrange(k.push, '0', '0', 'WITHSCORES')
      return first.length ? Number(first[1]) : null
    },
  }
}
