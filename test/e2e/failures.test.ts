// The receiver failing, through the whole app: 5xx then 200 (one application, one webhook-id, several
// tries), a 429's Retry-After honoured, and a 410 that stops retries until an operator re-queues it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js'
import { applicant, applyThroughChat, newSecret, until } from './support.js'

const secret = newSecret()
let receiver: WebhookReceiver
let t: TestApp
let people = 0

// A base of 3 ms makes the schedule 3 ms, 180 ms, 1.08 s, ... (±20%): four tries in about 1.5 s.
beforeAll(async () => {
  receiver = await startWebhookReceiver(secret)
  t = await startTestApp({ HANDOFF_WEBHOOK_URL: receiver.url, HANDOFF_WEBHOOK_SECRET: secret, HANDOFF_RETRY_BASE_MS: '3' })
})

afterAll(async () => {
  await t?.close()
  await receiver?.close()
})

const apply = () => applyThroughChat(t.app.url, applicant(people++, 'failing'), 'work_injury_insurance')
const operatorView = async (id: string) => (await t.get(`/api/applications/${id}`)).body

describe('a failing receiver', () => {
  it('500s then 200: one application, one webhook-id, several tries, the same signed body each time', async () => {
    receiver.answer({ status: 500 }, { status: 502 }, { status: 500 })
    const { applicationId } = await apply()
    await until(async () => (await operatorView(applicationId)).status === 'delivered', 10_000, 'delivered after failures')

    const tries = receiver.byId(applicationId)
    expect(tries.map((d) => d.answered)).toEqual([500, 502, 500, 200])
    expect(receiver.deliveries).toHaveLength(4)
    expect(tries.every((d) => d.verified)).toBe(true)
    expect(new Set(tries.map((d) => d.body)).size).toBe(1)
    expect(tries[0].payload).toMatchObject({ id: applicationId, type: 'application.submitted' })
    // The schedule grows: the third wait (about 1.08 s) is well over the first (about 3 ms).
    const gaps = tries.slice(1).map((d, i) => d.receivedAt - tries[i].receivedAt)
    expect(gaps[2]).toBeGreaterThan(gaps[0])
    expect(gaps[2]).toBeGreaterThanOrEqual(700)

    expect(await operatorView(applicationId)).toMatchObject({ status: 'delivered', tries: 4, lastStatusCode: 200, nextAttemptAt: null })
    const counts = (await t.get('/api/applications')).body.counts
    expect(counts).toMatchObject({ pending: 0, delivering: 0, dead: 0 })
  })

  it('429 with Retry-After: the next try waits for it, not for the (much shorter) schedule', async () => {
    receiver.deliveries.length = 0
    receiver.answer({ status: 429, headers: { 'retry-after': '1' } })
    const { applicationId } = await apply()
    await receiver.waitFor((d) => d.length === 1)
    await until(async () => (await operatorView(applicationId)).lastStatusCode === 429, 5000, '429 recorded')
    const waiting = await operatorView(applicationId)
    expect(waiting).toMatchObject({ status: 'pending', tries: 1, lastError: 'HTTP 429' })
    expect(Date.parse(waiting.nextAttemptAt) - receiver.deliveries[0].receivedAt).toBeGreaterThanOrEqual(900)

    await until(async () => (await operatorView(applicationId)).status === 'delivered', 10_000, 'delivered after Retry-After')
    const [first, second] = receiver.byId(applicationId)
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(950)
    expect([first.answered, second.answered]).toEqual([429, 200])
    expect(receiver.byId(applicationId)).toHaveLength(2)
  })

  it('410 stops retries (dead), an operator retry re-queues it, and it is delivered under the same id', async () => {
    receiver.deliveries.length = 0
    receiver.answer({ status: 410 })
    const { applicationId } = await apply()
    await until(async () => (await operatorView(applicationId)).status === 'dead', 5000, 'dead after 410')

    const dead = await t.get('/api/applications?status=dead')
    expect(dead.status).toBe(200)
    expect(dead.body.applications.map((a: { id: string }) => a.id)).toEqual([applicationId])
    expect(dead.body.applications[0]).toMatchObject({ status: 'dead', tries: 1, lastStatusCode: 410, nextAttemptAt: null })
    expect(dead.body.counts.dead).toBe(1)
    expect(await t.app.applications.nextDueAt()).toBeNull() // nothing owed: no further try can happen

    const retried = await t.post(`/api/applications/${applicationId}/retry`, {})
    expect(retried.status).toBe(200)
    expect(retried.body).toMatchObject({ id: applicationId })
    await until(async () => (await operatorView(applicationId)).status === 'delivered', 5000, 'delivered after operator retry')
    const tries = receiver.byId(applicationId)
    expect(tries.map((d) => d.answered)).toEqual([410, 200])
    expect(tries.every((d) => d.verified)).toBe(true)
    expect(await operatorView(applicationId)).toMatchObject({ status: 'delivered', tries: 2 })

    const again = await t.post(`/api/applications/${applicationId}/retry`, {})
    expect(again.status).toBe(409)
    expect(again.body).toEqual({ error: expect.stringContaining('already delivered') })
    expect(receiver.byId(applicationId)).toHaveLength(2)
  })

  it('a receiver failing every try: dead after HANDOFF_MAX_ATTEMPTS, listed as dead, re-queued by an operator', async () => {
    const failing = await startWebhookReceiver(secret)
    const small = await startTestApp({
      HANDOFF_WEBHOOK_URL: failing.url, HANDOFF_WEBHOOK_SECRET: secret, HANDOFF_RETRY_BASE_MS: '3', HANDOFF_MAX_ATTEMPTS: '2',
    })
    try {
      failing.answer({ status: 500 }, { status: 503 })
      const { applicationId } = await applyThroughChat(small.app.url, applicant(people++, 'failing'), 'union_membership')
      await until(async () => (await small.get(`/api/applications/${applicationId}`)).body.status === 'dead', 5000, 'dead')
      expect((await small.get(`/api/applications/${applicationId}`)).body).toMatchObject({ tries: 2, lastStatusCode: 503, lastError: 'HTTP 503' })
      expect(failing.byId(applicationId).map((d) => d.answered)).toEqual([500, 503])
      expect(await small.app.applications.nextDueAt()).toBeNull()

      expect((await small.post(`/api/applications/${applicationId}/retry`, {})).status).toBe(200)
      await until(async () => (await small.get(`/api/applications/${applicationId}`)).body.status === 'delivered', 5000, 'delivered')
      expect(failing.byId(applicationId).map((d) => [d.answered, d.verified])).toEqual([[500, true], [503, true], [200, true]])
    } finally {
      await small.close()
      await failing.close()
    }
  })
})
