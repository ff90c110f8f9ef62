// The operators' API over real HTTP: masked list, retry, the API token, and 4xx for bad input.
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerApplicationsRoutes } from '../../src/channels/http/applications-route.js'
import { requireApiToken } from '../../src/channels/http/auth.js'
import { createSqliteApplicationStore } from '../../src/handoff/sqlite-outbox.js'
import type { ApplicationStore } from '../../src/handoff/types.js'
import { createDeliveryWorker, type DeliveryWorker } from '../../src/handoff/worker.js'
import { openDatabase, type Db } from '../../src/storage/sqlite.js'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js'
import { applicationRecord, newSecret, tempDir, until } from './support.js'

const TOKEN = 'operator-token-5f2b9c'
const secret = newSecret()
const tmp = tempDir()
let db: Db
let store: ApplicationStore
let receiver: WebhookReceiver
let worker: DeliveryWorker
let app: FastifyInstance
let base: string

const auth = { authorization: `Bearer ${TOKEN}` }
const call = (path: string, init: RequestInit = {}) =>
  fetch(base + path, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } })

beforeAll(async () => {
  db = openDatabase(tmp.dir)
  store = createSqliteApplicationStore(db)
  receiver = await startWebhookReceiver(secret)
  worker = createDeliveryWorker({ store, url: receiver.url, secret, retryBaseMs: 20, timeoutMs: 2000, maxAttempts: 1 })
  worker.start()
  app = Fastify()
  app.addHook('onRequest', requireApiToken(TOKEN))
  app.get('/healthz', async () => ({ ok: true }))
  registerApplicationsRoutes(app, { store, worker })
  base = await app.listen({ port: 0, host: '127.0.0.1' })
})

afterAll(async () => {
  await app.close()
  await worker.stop()
  await receiver.close()
  db.close()
  tmp.remove()
})

describe('API token', () => {
  it('refuses /api/* without the right bearer token, and leaves other paths open', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }, { authorization: `Bearer ${TOKEN}x` }]
    for (const headers of attempts) {
      const res = await fetch(`${base}/api/applications`, { headers })
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual({ error: expect.any(String) })
    }
    expect((await fetch(`${base}/api/applications/A00000000/retry`, { method: 'POST' })).status).toBe(401)
    expect((await fetch(`${base}/api/nope`)).status).toBe(401) // unknown /api paths too: no route probing
    expect((await fetch(`${base}/%61pi/applications`)).status).toBe(401)
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    expect((await call('/api/applications')).status).toBe(200)
  })

  it('is open when no token is configured', async () => {
    const open = Fastify()
    open.addHook('onRequest', requireApiToken(undefined))
    registerApplicationsRoutes(open, { store })
    const res = await open.inject({ method: 'GET', url: '/api/applications' })
    expect(res.statusCode).toBe(200)
    await open.close()
  })
})

describe('GET /api/applications', () => {
  it('lists applications with delivery state and masked personal data', async () => {
    receiver.answer({ status: 500 })
    const failing = applicationRecord({ fields: { name: '张三', phone: '13800138000', idNumber: '11010519491231002X', description: '电话 13912345678' } })
    await store.submit(failing)
    worker.wake()
    await until(async () => (await store.get(failing.id))?.status === 'dead', 5000, 'dead')
    const ok = applicationRecord()
    await store.submit(ok)
    worker.wake()
    await until(async () => (await store.get(ok.id))?.status === 'delivered', 5000, 'delivered')

    const res = await call('/api/applications')
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).not.toContain('13800138000')
    expect(text).not.toContain('11010519491231002X')
    expect(text).not.toContain('13912345678')
    expect(text).not.toContain('张三')
    const body = JSON.parse(text) as { applications: Record<string, unknown>[]; counts: Record<string, number> }
    const dead = body.applications.find((a) => a.id === failing.id)
    expect(dead).toMatchObject({
      form: 'work_injury_insurance',
      channel: 'wechat',
      status: 'dead',
      tries: 1,
      lastError: 'HTTP 500',
      nextAttemptAt: null,
      deliveredAt: null,
      fields: { name: '张*', phone: '138****8000', idNumber: '110***********002X', description: '电话 139****5678' },
    })
    expect(body.applications.find((a) => a.id === ok.id)).toMatchObject({ status: 'delivered', deliveredAt: expect.any(String) })
    expect(body.counts).toMatchObject({ dead: 1, delivered: 1 })

    const one = await call(`/api/applications/${failing.id}`)
    expect(await one.json()).toMatchObject({ id: failing.id, status: 'dead', fields: { phone: '138****8000' } })
    expect((await call('/api/applications/A00000000')).status).toBe(404)
    expect((await call('/api/applications/bad%20id')).status).toBe(400)

    const onlyDead = (await (await call('/api/applications?status=dead&limit=10')).json()) as { applications: { id: string }[] }
    expect(onlyDead.applications.map((a) => a.id)).toEqual([failing.id])
  })

  it('answers 400 {error} to bad query values', async () => {
    for (const query of ['status=lost', 'limit=0', 'limit=abc', 'limit=100000', 'limit=1.5']) {
      const res = await call(`/api/applications?${query}`)
      expect(res.status, query).toBe(400)
      expect((await res.json()) as { error: string }).toEqual({ error: expect.stringMatching(/^(status|limit):/) })
    }
  })
})

describe('POST /api/applications/:id/retry', () => {
  it('retries a dead application now and the worker delivers it', async () => {
    const record = applicationRecord()
    receiver.answer({ status: 503 })
    await store.submit(record)
    worker.wake()
    await until(async () => (await store.get(record.id))?.status === 'dead', 5000, 'dead')
    const res = await call(`/api/applications/${record.id.toLowerCase()}/retry`, { method: 'POST' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ id: record.id })
    await until(async () => (await store.get(record.id))?.status === 'delivered', 5000, 'delivered after retry')
    expect(receiver.byId(record.id).map((d) => d.answered)).toEqual([503, 200])
  })

  it('409 when already delivered, 404 for an unknown id, 400 for a malformed one', async () => {
    const record = applicationRecord()
    await store.submit(record)
    worker.wake()
    await until(async () => (await store.get(record.id))?.status === 'delivered', 5000, 'delivered')
    const delivered = await call(`/api/applications/${record.id}/retry`, { method: 'POST' })
    expect(delivered.status).toBe(409)
    expect(await delivered.json()).toEqual({ error: expect.stringContaining('already delivered') })
    const unknown = await call('/api/applications/A00000000/retry', { method: 'POST' })
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual({ error: expect.any(String) })
    for (const bad of ['%20', 'x'.repeat(65), 'A1%3Bdrop', '..%2F..']) {
      const res = await call(`/api/applications/${bad}/retry`, { method: 'POST' })
      expect([400, 404], bad).toContain(res.status)
      expect(await res.json()).toEqual(expect.objectContaining({ error: expect.any(String) }))
    }
  })
})
