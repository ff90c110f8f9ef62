// The whole app's API with API_TOKEN set: callers without the token get 401 on every /api route, and bad
// bodies get a 4xx JSON {error} naming what is wrong, never a 500 (CONTRACT.md "HTTP API").
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js'
import { applicant, applyThroughChat, newSecret, until } from './support.js'

const TOKEN = 'e2e-operator-token-8c1d'
const auth = { authorization: `Bearer ${TOKEN}` }
const secret = newSecret()
let receiver: WebhookReceiver
let t: TestApp

beforeAll(async () => {
  receiver = await startWebhookReceiver(secret)
  t = await startTestApp({ API_TOKEN: TOKEN, HANDOFF_WEBHOOK_URL: receiver.url, HANDOFF_WEBHOOK_SECRET: secret, HANDOFF_RETRY_BASE_MS: '20' })
})

afterAll(async () => {
  await t?.close()
  await receiver?.close()
})

/** A raw request: status, content type and parsed body (or the text). */
async function send(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(t.app.url + path, { method, body: init.body, headers: init.headers })
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // keep the text: the assertion below shows it
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', body }
}

const json = (value: unknown) => JSON.stringify(value)
const jsonHeaders = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', ...extra })

function expectError(res: { status: number; type: string; body: unknown }, status: number, mentions?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.type).toContain('application/json')
  expect(res.body).toEqual({ error: expect.any(String) })
  if (mentions) expect((res.body as { error: string }).error).toContain(mentions)
}

describe('API_TOKEN', () => {
  const routes: [string, string, string?][] = [
    ['GET', '/api/applications'],
    ['GET', '/api/applications/A00000000'],
    ['POST', '/api/applications/A00000000/retry', '{}'],
    ['POST', '/api/chat', json({ userId: 'intruder', text: '我想加入工会' })],
    ['POST', '/api/ask', json({ question: '工伤保险怎么参加？' })],
    ['POST', '/api/eligibility', json({ profile: { industry: 'food_delivery' } })],
  ]

  it('refuses every /api route without the token, with a wrong one, or without "Bearer"', async () => {
    const wrong: Record<string, string>[] = [{}, { authorization: 'Bearer not-the-token' }, { authorization: TOKEN }, { authorization: `Bearer ${TOKEN}0` }]
    for (const [method, path, body] of routes) {
      for (const headers of wrong) {
        const res = await send(method, path, { body, headers: body ? jsonHeaders(headers) : headers })
        expectError(res, 401)
      }
    }
    // A refused /api/chat ran nothing: no session, no application.
    expect(await t.app.applications.countByStatus()).toEqual({ pending: 0, delivering: 0, delivered: 0, dead: 0 })
    expect((await send('GET', '/healthz')).status).toBe(200)
  })

  it('lets the token through on every /api route', async () => {
    for (const [method, path, body] of routes) {
      const res = await send(method, path, { body, headers: body ? jsonHeaders(auth) : auth })
      expect(res.status, `${method} ${path}: ${json(res.body)}`).not.toBe(401)
      expect(res.status).toBeLessThan(500)
    }
    // ...and a whole application through it, delivered.
    const { applicationId } = await applyThroughChat(t.app.url, applicant(1, 'guard'), 'union_membership', auth)
    await until(() => receiver.byId(applicationId).length === 1, 10_000, 'delivered')
    expect(receiver.byId(applicationId)[0].verified).toBe(true)
  })
})

describe('bad bodies get 4xx JSON {error}', () => {
  const post = (path: string, body: string, headers = jsonHeaders(auth)) => send('POST', path, { body, headers })

  it('/api/chat', async () => {
    expectError(await post('/api/chat', json({ text: '你好' })), 400, 'userId')
    expectError(await post('/api/chat', json({ userId: '', text: '你好' })), 400, 'userId')
    expectError(await post('/api/chat', json({ userId: 42, text: '你好' })), 400, 'userId')
    expectError(await post('/api/chat', json({ userId: 'u1' })), 400, 'text')
    expectError(await post('/api/chat', json({ userId: 'u1', text: 42 })), 400, 'text')
    expectError(await post('/api/chat', json({ userId: 'u1', text: ['a'] })), 400, 'text')
    expectError(await post('/api/chat', json({ userId: 'u1', text: '长'.repeat(2001) })), 400, 'text')
    expectError(await post('/api/chat', json({ userId: 'u'.repeat(129), text: '你好' })), 400, 'userId')
    expectError(await post('/api/chat', '{"userId": "u1", "text": '), 400, 'JSON')
    expectError(await post('/api/chat', 'null'), 400)
    expectError(await post('/api/chat', json(['u1', '你好'])), 400)
    expectError(await post('/api/chat', ''), 400)
    expectError(await post('/api/chat', json({ userId: 'u1', text: 'x'.repeat(70 * 1024) })), 400)
    expectError(await post('/api/chat', 'userId=u1&text=hi', { 'content-type': 'application/x-www-form-urlencoded', ...auth }), 400)
    // None of it started a conversation that stored anything.
    expect((await t.app.applications.list()).filter((a) => a.userId === 'u1')).toEqual([])
  })

  it('/api/ask', async () => {
    expectError(await post('/api/ask', json({})), 400, 'question')
    expectError(await post('/api/ask', json({ question: 7 })), 400, 'question')
    expectError(await post('/api/ask', json({ question: '   ' })), 400, 'question')
    expectError(await post('/api/ask', json({ question: '问'.repeat(1001) })), 400, 'question')
    expectError(await post('/api/ask', '{question: 工伤}'), 400, 'JSON')
    expectError(await post('/api/ask', json({ question: 'x'.repeat(70 * 1024) })), 400)
  })

  it('/api/eligibility', async () => {
    expectError(await post('/api/eligibility', json({})), 400, 'profile')
    expectError(await post('/api/eligibility', json({ profile: 'ningbo' })), 400)
    expectError(await post('/api/eligibility', json({ profile: { hukou: 'mars' } })), 400, 'hukou')
    expectError(await post('/api/eligibility', json({ profile: { asOf: '2026-13-45' } })), 400, 'asOf')
    expectError(await post('/api/eligibility', json({ profile: { partTime: 'yes' } })), 400, 'partTime')
    expectError(await post('/api/eligibility', '[1,2'), 400, 'JSON')
  })

  it('/api/applications', async () => {
    expectError(await send('GET', '/api/applications?status=lost', { headers: auth }), 400, 'status')
    expectError(await send('GET', '/api/applications?limit=0', { headers: auth }), 400, 'limit')
    expectError(await send('GET', '/api/applications?limit=many', { headers: auth }), 400, 'limit')
    expectError(await send('GET', '/api/applications/not%20an%20id!', { headers: auth }), 400, 'id')
    expectError(await send('GET', '/api/applications/A00000000', { headers: auth }), 404)
    expectError(await post('/api/applications/A00000000/retry', '{}'), 404)
    expectError(await post('/api/applications/..%2F..%2Fetc/retry', '{}'), 400)
    expectError(await send('GET', '/api/nothing-here', { headers: auth }), 404)
  })
})
