// The Redis outbox and its BullMQ worker against the real Redis: idempotent submit (one application, one job),
// the hand-off schedule on BullMQ's retries (Retry-After, 410, dead after the last try), operator retries,
// 删除我的信息 and the operator's counts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { newApplicationId } from '../../src/handoff/application-id.js'
import { openRedisOutbox } from '../../src/handoff/redis-open.js'
import type { ApplicationRecord } from '../../src/handoff/types.js'
import type { DeliveryWorker } from '../../src/handoff/worker.js'
import { createRedisBackend, type RedisBackend } from '../../src/composition/redis-backend.js'
import { WebhookReceiver } from '../helpers/webhook-receiver.js'
import { REDIS_TEST_URL, cleanPrefix, countKeys, newSecret, skipUnlessRedis, sleep, testPrefix, until } from './support.js'

const redisUp = await skipUnlessRedis('redis outbox')
const secret = newSecret()
const prefix = testPrefix('outbox')

function record(overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return {
    id: newApplicationId(),
    form: 'work_injury_insurance',
    channel: 'wechat',
    userId: 'wxid_rider_001',
    fields: { name: '张三', phone: '13800138000', idNumber: '11010519491231002X', industry: 'food_delivery', consent: true },
    eligibility: [{ programId: 'new_forms_work_injury_insurance', status: 'eligible' }],
    policyVersion: 'test-policy-1',
    submittedAt: new Date().toISOString(),
    ...overrides,
  }
}

describe.skipIf(!redisUp)('Redis outbox on BullMQ', () => {
  let backend: RedisBackend
  let receiver: WebhookReceiver
  let worker: DeliveryWorker | undefined

  function startWorker(maxAttempts = 8): DeliveryWorker {
    worker = backend.deliveryWorker({ url: receiver.url, secret, retryBaseMs: 20, timeoutMs: 2000, maxAttempts })
    worker.start()
    return worker
  }

  beforeAll(async () => {
    await cleanPrefix(prefix)
    receiver = await new WebhookReceiver(secret).listen()
  })

  afterEach(async () => {
    await worker?.stop()
    worker = undefined
    await backend?.close()
    await cleanPrefix(prefix)
  })

  afterAll(async () => {
    await receiver?.close()
    expect(await countKeys(prefix)).toBe(0)
  })

  async function open(maxAttempts = 8): Promise<RedisBackend> {
    backend = createRedisBackend({ url: REDIS_TEST_URL, prefix, maxAttempts })
    await backend.ready()
    return backend
  }

  it('a repeated submit (also concurrent) makes one application and one job, delivered once with the id as webhook-id', async () => {
    await open()
    const rec = record()
    const seen: boolean[] = []
    const results = await Promise.all(
      Array.from({ length: 5 }, () => backend.applications.submit(rec, { inTransaction: (created) => seen.push(created) })),
    )
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect(seen.sort()).toEqual([false, false, false, false, true])
    const again = await backend.applications.submit({ ...rec, fields: { name: '李四' } })
    expect(again.created).toBe(false)
    expect(again.application.fields).toEqual(rec.fields) // the first write stands
    expect(await backend.applications.list()).toHaveLength(1)
    const counts = await backend.applications.queue.getJobCounts()
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1)
    expect(await backend.applications.countByStatus()).toEqual({ pending: 1, delivering: 0, delivered: 0, dead: 0 })
    expect(await backend.applications.nextDueAt()).toEqual(expect.any(Number))

    startWorker()
    await until(async () => (await backend.applications.get(rec.id))?.status === 'delivered', 10_000, 'delivered')
    await sleep(200)
    expect(receiver.byId(rec.id)).toHaveLength(1)
    const [delivery] = receiver.byId(rec.id)
    expect(delivery.verified).toBe(true)
    expect(delivery.payload).toMatchObject({ type: 'application.submitted', id: rec.id, fields: rec.fields })
    expect(await backend.applications.nextDueAt()).toBeNull()
    // A submit after delivery changes nothing and adds no job.
    expect((await backend.applications.submit(rec)).created).toBe(false)
    await sleep(200)
    expect(receiver.byId(rec.id)).toHaveLength(1)
    const stored = await backend.applications.get(rec.id)
    expect(stored).toMatchObject({ status: 'delivered', tries: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null })
  })

  it('keeps each distinct eligibility result once; deliveries and reads carry it, and a record from before still reads', async () => {
    await open()
    const { Redis } = await import('ioredis')
    const redis = new Redis(REDIS_TEST_URL)
    try {
      const shared = Object.freeze([{ programId: 'union_membership', status: 'likely_eligible', reasons: ['满足条件'] }])
      const a = record({ eligibility: shared as unknown[] })
      const b = record({ eligibility: JSON.parse(JSON.stringify(shared)) })
      await backend.applications.submit(a)
      await backend.applications.submit(b)
      const resultKeys = await redis.keys(`${prefix}:handoff:eligibility:*`)
      expect(resultKeys).toHaveLength(1)
      expect(JSON.parse((await redis.hget(`${prefix}:handoff:app:${a.id}`, 'record'))!)).not.toHaveProperty('eligibility')
      expect((await backend.applications.get(b.id))!.eligibility).toEqual(shared)

      // The shared results lost (say, restored from an older dump): the next submit stores them again.
      await redis.del(resultKeys[0])
      const c = record({ eligibility: shared as unknown[] })
      expect((await backend.applications.submit(c)).created).toBe(true)
      expect((await backend.applications.get(c.id))!.eligibility).toEqual(shared)

      // A record written before results were kept apart holds its own.
      const old = record()
      const at = Date.parse(old.submittedAt)
      await redis.hset(`${prefix}:handoff:app:${old.id}`, { record: JSON.stringify(old), submittedAtMs: at, status: 'pending', tries: 0, roundTries: 0, nextAttemptAt: at, redactOnDelivery: 0 })
      await redis.zadd(`${prefix}:handoff:status:pending`, at, old.id)
      await redis.zadd(`${prefix}:handoff:all`, at, old.id)
      expect((await backend.applications.get(old.id))!.eligibility).toEqual(old.eligibility)
      expect((await backend.applications.list()).map((x) => x.eligibility)).toEqual(expect.arrayContaining([old.eligibility, shared]))

      startWorker()
      await until(async () => (await backend.applications.get(a.id))?.status === 'delivered', 10_000, 'delivered')
      expect(receiver.byId(a.id)[0].payload).toMatchObject({ id: a.id, eligibility: shared })
    } finally {
      await redis.quit()
    }
  })

  it('retries on the hand-off schedule, honours Retry-After, and keeps one webhook-id', async () => {
    await open()
    receiver.answer({ status: 503, headers: { 'retry-after': '1' } }, { status: 500 })
    startWorker()
    const rec = record()
    await backend.applications.submit(rec)
    await until(async () => (await backend.applications.get(rec.id))?.status === 'delivered', 15_000, 'delivered after retries')
    const tries = receiver.byId(rec.id)
    expect(tries.map((d) => d.answered)).toEqual([503, 500, 200])
    expect(tries.every((d) => d.verified)).toBe(true)
    // Retry-After: 1 beats the schedule's 20 ms; the next gap is the schedule's (60 x 20 ms, ±20%).
    expect(tries[1].receivedAt - tries[0].receivedAt).toBeGreaterThanOrEqual(950)
    expect(tries[2].receivedAt - tries[1].receivedAt).toBeGreaterThanOrEqual(900)
    expect(tries[2].receivedAt - tries[1].receivedAt).toBeLessThan(3000)
    expect(await backend.applications.get(rec.id)).toMatchObject({ status: 'delivered', tries: 3 })
  })

  it('410 is dead at once; an operator retry delivers it; dead after the last try, replay-dead starts a fresh round', async () => {
    await open(2)
    receiver.answer({ status: 410 })
    startWorker(2)
    const gone = record()
    await backend.applications.submit(gone)
    await until(async () => (await backend.applications.get(gone.id))?.status === 'dead', 10_000, 'dead on 410')
    expect(await backend.applications.get(gone.id)).toMatchObject({ tries: 1, lastStatusCode: 410, lastError: 'HTTP 410', nextAttemptAt: null })
    expect(await backend.applications.retry(gone.id)).toBe('scheduled')
    await until(async () => (await backend.applications.get(gone.id))?.status === 'delivered', 10_000, 'delivered after retry')
    expect(await backend.applications.retry(gone.id)).toBe('already_delivered')
    expect(await backend.applications.retry('A00000000')).toBe('not_found')

    receiver.answer({ status: 500 }, { status: 500 }, { status: 500 })
    const failing = record()
    await backend.applications.submit(failing)
    await until(async () => (await backend.applications.get(failing.id))?.status === 'dead', 10_000, 'dead after 2 tries')
    expect(receiver.byId(failing.id)).toHaveLength(2)
    expect(await backend.applications.countByStatus()).toEqual({ pending: 0, delivering: 0, delivered: 1, dead: 1 })
    expect(await backend.applications.replayDead()).toBe(1)
    // A fresh round: one more 500 is within the two tries, then 200.
    await until(async () => (await backend.applications.get(failing.id))?.status === 'delivered', 10_000, 'delivered after replay')
    expect(receiver.byId(failing.id).map((d) => d.answered)).toEqual([500, 500, 500, 200])
    expect(new Set(receiver.byId(failing.id).map((d) => d.id))).toEqual(new Set([failing.id]))
  })

  it('删除我的信息: delivered copies are masked now, owed ones right after delivery (the webhook still gets them whole)', async () => {
    await open()
    const userId = 'wxid_redact_me'
    const first = record({ userId })
    await backend.applications.submit(first)
    startWorker()
    await until(async () => (await backend.applications.get(first.id))?.status === 'delivered', 10_000, 'first delivered')
    await worker!.stop()
    worker = undefined

    const second = record({ userId, submittedAt: new Date(Date.now() + 1000).toISOString() })
    await backend.applications.submit(second)
    expect((await backend.applications.forUser(userId)).map((a) => a.id)).toEqual([first.id, second.id])
    expect(await backend.applications.redactDelivered(userId)).toEqual({ redacted: 1, redactOnDelivery: 1 })
    const masked = await backend.applications.get(first.id)
    expect(masked?.fields).toMatchObject({ name: '张*', phone: '138****8000', idNumber: '110***********002X' })
    expect(masked?.redactedAt).toEqual(expect.any(String))
    expect((await backend.applications.get(second.id))?.fields).toEqual(second.fields)

    startWorker()
    await until(async () => (await backend.applications.get(second.id))?.redactedAt != null, 10_000, 'masked on delivery')
    expect(receiver.byId(second.id)[0].payload?.fields).toEqual(second.fields)
    expect((await backend.applications.get(second.id))?.fields).toMatchObject({ name: '张*', phone: '138****8000' })
    const listed = await backend.applications.list({ status: 'delivered' })
    expect(listed.map((a) => a.id)).toEqual([second.id, first.id]) // newest first
  })

  it('a separate tool (npm run outbox) sees the same outbox and its retry is delivered by the running worker', async () => {
    await open()
    receiver.answer({ status: 410 })
    startWorker()
    const rec = record()
    await backend.applications.submit(rec)
    await until(async () => (await backend.applications.get(rec.id))?.status === 'dead', 10_000, 'dead on 410')

    const tool = openRedisOutbox({ url: REDIS_TEST_URL, prefix, maxAttempts: 8 })
    try {
      expect((await tool.store.list({ status: 'dead' })).map((a) => a.id)).toEqual([rec.id])
      expect(await tool.store.countByStatus()).toEqual({ pending: 0, delivering: 0, delivered: 0, dead: 1 })
      expect(await tool.store.retry(rec.id)).toBe('scheduled')
    } finally {
      await tool.close()
    }
    await until(async () => (await backend.applications.get(rec.id))?.status === 'delivered', 10_000, 'delivered after the tool retried')
    expect(receiver.byId(rec.id).map((d) => d.answered)).toEqual([410, 200])
  })
})
