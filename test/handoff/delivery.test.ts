// The delivery worker against a real receiver that verifies signatures with the standardwebhooks package.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteApplicationStore } from '../../src/handoff/sqlite-outbox.js'
import type { ApplicationStore } from '../../src/handoff/types.js'
import { createDeliveryWorker, describeHandoff, type DeliveryWorker, type DeliveryWorkerOptions } from '../../src/handoff/worker.js'
import { openDatabase, type Db } from '../../src/storage/sqlite.js'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js'
import { applicationRecord, newSecret, sleep, tempDir, until } from './support.js'

const secret = newSecret()
let tmp: ReturnType<typeof tempDir>
let db: Db
let store: ApplicationStore
let receiver: WebhookReceiver
let worker: DeliveryWorker | undefined
const logLines: { level: string; obj: object; msg?: string }[] = []
const logger = {
  info: (obj: object, msg?: string) => void logLines.push({ level: 'info', obj, msg }),
  warn: (obj: object, msg?: string) => void logLines.push({ level: 'warn', obj, msg }),
  error: (obj: object, msg?: string) => void logLines.push({ level: 'error', obj, msg }),
}

function startWorker(overrides: Partial<DeliveryWorkerOptions> = {}): DeliveryWorker {
  worker = createDeliveryWorker({ store, url: receiver.url, secret, retryBaseMs: 20, timeoutMs: 2000, logger, ...overrides })
  worker.start()
  return worker
}

beforeEach(async () => {
  tmp = tempDir()
  db = openDatabase(tmp.dir)
  store = createSqliteApplicationStore(db)
  receiver = await startWebhookReceiver(secret)
  logLines.length = 0
})

afterEach(async () => {
  await worker?.stop()
  worker = undefined
  await receiver.close()
  db.close()
  tmp.remove()
})

describe('delivery worker', () => {
  it('retries through failures until success: one application, one webhook-id, every try signed', async () => {
    receiver.answer({ status: 500 }, { status: 502 }, { status: 503 })
    const record = applicationRecord()
    startWorker({ retryBaseMs: 5 }) // retries after ~5, ~300, ~1800 ms
    await store.submit(record)
    worker!.wake()
    await until(async () => (await store.get(record.id))?.status === 'delivered', 10_000, 'delivered')
    const tries = receiver.byId(record.id)
    expect(tries).toHaveLength(4)
    expect(receiver.deliveries).toHaveLength(4)
    for (const t of tries) expect(t.verified).toBe(true)
    expect(tries.map((t) => t.answered)).toEqual([500, 502, 503, 200])
    expect(tries[3].payload).toEqual({
      type: 'application.submitted',
      id: record.id,
      form: record.form,
      submittedAt: record.submittedAt,
      channel: record.channel,
      userId: record.userId,
      fields: record.fields,
      eligibility: record.eligibility,
      policyVersion: record.policyVersion,
    })
    const stored = await store.get(record.id)
    expect(stored).toMatchObject({ status: 'delivered', tries: 4, lastError: null, nextAttemptAt: null })
    // Growing delays: the gap before the 3rd try (60 x base) is far longer than before the 2nd (1 x base).
    expect(tries[2].receivedAt - tries[1].receivedAt).toBeGreaterThan(tries[1].receivedAt - tries[0].receivedAt)
    // No personal data reached the log.
    const logged = JSON.stringify(logLines)
    expect(logged).not.toContain('13800138000')
    expect(logged).not.toContain('11010519491231002X')
    expect(logged).not.toContain('张三')
    expect(logged).not.toContain(secret.slice(6))
  })

  it('a 410 stops retries at once: dead after one try', async () => {
    receiver.answer({ status: 410 })
    const record = applicationRecord()
    startWorker()
    await store.submit(record)
    worker!.wake()
    await until(async () => (await store.get(record.id))?.status === 'dead', 5000, 'dead')
    await sleep(200) // a retry would have come by now (base 20 ms)
    expect(receiver.byId(record.id)).toHaveLength(1)
    expect(await store.get(record.id)).toMatchObject({ status: 'dead', tries: 1, lastError: 'HTTP 410', lastStatusCode: 410 })
    expect(logLines.some((l) => l.level === 'error' && /dead/.test(l.msg ?? ''))).toBe(true)
  })

  it('moves an application to dead once its tries are used up', async () => {
    receiver.answer({ status: 500 }, { status: 500 }, { status: 500 })
    const record = applicationRecord()
    startWorker({ maxAttempts: 2 })
    await store.submit(record)
    worker!.wake()
    await until(async () => (await store.get(record.id))?.status === 'dead', 5000, 'dead')
    expect(receiver.byId(record.id)).toHaveLength(2)
  })

  it('honours Retry-After on 429 (seconds) and 503 (HTTP date)', async () => {
    const inOneSecond = new Date(Date.now() + 2000).toUTCString() // HTTP dates have whole seconds
    receiver.answer({ status: 429, headers: { 'retry-after': '1' } }, { status: 503, headers: { 'retry-after': inOneSecond } })
    const record = applicationRecord()
    startWorker()
    await store.submit(record)
    worker!.wake()
    await until(async () => (await store.get(record.id))?.status === 'delivered', 8000, 'delivered')
    const [first, second, third] = receiver.byId(record.id)
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(990)
    expect(third.receivedAt).toBeGreaterThanOrEqual(Date.parse(inOneSecond) - 10)
  })

  it('times out a request that hangs and tries again with the same id', async () => {
    receiver.answer({ hang: true })
    const record = applicationRecord()
    startWorker({ timeoutMs: 300 })
    await store.submit(record)
    const started = Date.now()
    worker!.wake()
    await until(async () => (await store.get(record.id))?.status === 'delivered', 5000, 'delivered')
    const tries = receiver.byId(record.id)
    expect(tries.map((t) => t.answered)).toEqual(['hang', 200])
    expect(tries[1].receivedAt - started).toBeGreaterThanOrEqual(300)
    expect((await store.get(record.id))!.tries).toBe(2)
  })

  it('100 applications submitted at once: 100 delivered, each exactly once', async () => {
    startWorker()
    const records = Array.from({ length: 100 }, (_, i) => applicationRecord({ userId: `user-${i}` }))
    await Promise.all(records.map(async (r) => (await store.submit(r), worker!.wake())))
    await receiver.waitFor((d) => d.length >= 100, 15_000)
    await until(async () => (await store.countByStatus()).delivered === 100, 5000, 'all delivered')
    await sleep(100)
    expect(receiver.deliveries).toHaveLength(100)
    expect(new Set(receiver.deliveries.map((d) => d.id))).toEqual(new Set(records.map((r) => r.id)))
    expect(receiver.deliveries.every((d) => d.verified)).toBe(true)
  })

  it('delivers at once on wake(), with no polling delay', async () => {
    startWorker({ pollIntervalMs: 60_000 })
    await sleep(50) // the worker is idle, its timer far away
    const record = applicationRecord()
    await store.submit(record)
    const submitted = Date.now()
    worker!.wake()
    await receiver.waitFor((d) => d.length === 1, 2000)
    expect(receiver.deliveries[0].receivedAt - submitted).toBeLessThan(500)
  })

  it('stop() waits for the in-flight delivery and leaves no timer behind', async () => {
    receiver.answer({ status: 500 })
    const record = applicationRecord()
    startWorker({ retryBaseMs: 200 })
    await store.submit(record)
    worker!.wake()
    await receiver.waitFor((d) => d.length === 1)
    await worker!.stop()
    expect((await store.get(record.id))!.status).toBe('pending')
    await sleep(400) // past the retry time: a leftover timer would deliver now
    expect(receiver.deliveries).toHaveLength(1)
  })

  it('with no URL, applications stay pending and are never attempted; start-up says so', async () => {
    const record = applicationRecord()
    startWorker({ url: undefined })
    expect(worker!.enabled).toBe(false)
    await store.submit(record)
    worker!.wake()
    await sleep(100)
    expect(await store.get(record.id)).toMatchObject({ status: 'pending', tries: 0 })
    expect(receiver.deliveries).toHaveLength(0)
    expect(describeHandoff({})).toMatchObject({ level: 'warn', message: expect.stringContaining('HANDOFF_WEBHOOK_URL is not set') })
    const signed = describeHandoff({ url: 'https://backend.example/hook?token=abc', secret })
    expect(signed.message).toContain('https://backend.example')
    expect(signed.message).not.toContain('token=abc')
    expect(signed.message).not.toContain(secret)
    expect(describeHandoff({ url: receiver.url }).message).toContain('UNSIGNED')
  })

  it('sends unsigned when no secret is set', async () => {
    const record = applicationRecord()
    startWorker({ secret: undefined })
    await store.submit(record)
    worker!.wake()
    await receiver.waitFor((d) => d.length === 1)
    expect(receiver.deliveries[0].signature).toBe('')
    expect(receiver.deliveries[0].id).toBe(record.id)
  })
})
