// 100 workers applying at once through /api/chat: 100 applications stored, each delivered exactly once,
// signed, in CONTRACT.md's shape, under the reference number each worker was shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js'
import {
  ELIGIBILITY_RESULT_KEYS, PROGRAMME_OF, WEBHOOK_BODY_KEYS, applicant, applyThroughChat, chat, expectedFields, fillForm, newSecret, until,
  type Completed, type FormId,
} from './support.js'

const USERS = 100
const secret = newSecret()
let receiver: WebhookReceiver
let t: TestApp

beforeAll(async () => {
  receiver = await startWebhookReceiver(secret)
  t = await startTestApp({ HANDOFF_WEBHOOK_URL: receiver.url, HANDOFF_WEBHOOK_SECRET: secret, HANDOFF_RETRY_BASE_MS: '20' })
})

afterAll(async () => {
  await t?.close()
  await receiver?.close()
})

describe('100 users applying at once', () => {
  it('stores 100 applications and delivers each exactly once, signed, in the contract shape', async () => {
    const startedAt = Date.now()
    const people = Array.from({ length: USERS }, (_, i) => applicant(i, 'crowd'))
    const formOf = (i: number): FormId => (i % 2 ? 'work_injury_insurance' : 'union_membership')
    const completed: Completed[] = await Promise.all(people.map((p, i) => applyThroughChat(t.app.url, p, formOf(i))))

    // Every worker was told a distinct reference number, and the reply shows it.
    const ids = completed.map((c) => c.applicationId)
    expect(new Set(ids).size).toBe(USERS)
    for (const c of completed) expect(c.confirmation.join('\n')).toContain(c.applicationId)

    // Stored: 100, whatever state their delivery is in right now.
    const stored = await t.get('/api/applications?limit=500')
    expect(stored.status).toBe(200)
    expect(stored.body.applications).toHaveLength(USERS)
    expect(new Set(stored.body.applications.map((a: { id: string }) => a.id))).toEqual(new Set(ids))

    // Delivered: every id recorded as delivered, and nothing left owed (so no later duplicate can come).
    await until(async () => (await t.app.applications.countByStatus()).delivered === USERS, 20_000, '100 delivered')
    expect(await t.app.applications.nextDueAt()).toBeNull()
    const counts = await t.app.applications.countByStatus()
    expect(counts).toEqual({ pending: 0, delivering: 0, delivered: USERS, dead: 0 })

    // At the receiver: exactly one request per webhook-id, every signature verified by standardwebhooks.
    expect(receiver.deliveries).toHaveLength(USERS)
    const perId = new Map<string, number>()
    for (const d of receiver.deliveries) perId.set(d.id, (perId.get(d.id) ?? 0) + 1)
    expect([...perId.keys()].sort()).toEqual([...ids].sort())
    expect([...perId.values()].every((n) => n === 1)).toBe(true)
    expect(receiver.deliveries.filter((d) => !d.verified).map((d) => d.verifyError)).toEqual([])

    // The body: CONTRACT.md's keys and nothing else, fields normalised, eligibility as /api/eligibility gives it.
    const health = await t.get('/healthz')
    const eligibilityFor = await t.post('/api/eligibility', { profile: { industry: 'food_delivery' } })
    expect(eligibilityFor.status).toBe(200)
    for (const [i, person] of people.entries()) {
      const form = formOf(i)
      const id = completed[i].applicationId
      const [delivery] = receiver.byId(id)
      const body = delivery.payload!
      expect(Object.keys(body).sort()).toEqual(WEBHOOK_BODY_KEYS)
      expect(body).toMatchObject({ type: 'application.submitted', id, form, channel: 'api', userId: person.userId })
      expect(body.policyVersion).toBe(health.body.policyVersion)
      const submittedAt = Date.parse(body.submittedAt as string)
      expect(new Date(submittedAt).toISOString()).toBe(body.submittedAt)
      expect(submittedAt).toBeGreaterThanOrEqual(startedAt - 1000)
      expect(submittedAt).toBeLessThanOrEqual(delivery.receivedAt)
      expect(body.fields).toEqual(expectedFields(person, form))
      checkEligibility(body.eligibility, form, eligibilityFor.body.results)
    }
  })
})

describe('two messages racing', () => {
  it('确认 sent twice at once by the same worker: one application, one delivery, the same number in both replies', async () => {
    const person = applicant(500, 'racer')
    await fillForm(t.app.url, person, 'work_injury_insurance')
    const before = receiver.deliveries.length
    const replies = await Promise.all([chat(t.app.url, person.userId, '确认'), chat(t.app.url, person.userId, '确认')])

    // One reply submits; the other is told the same number (and carries it), and nothing is made twice.
    const id = replies[0].applicationId!
    expect(id).toBeTruthy()
    expect(replies[1].applicationId).toBe(id)
    expect(replies.filter((r) => /不会重复提交/.test(r.replies.join('\n')))).toHaveLength(1)
    for (const r of replies) expect(r.replies.join('\n')).toContain(id)
    const mine = (await t.app.applications.list({ limit: 500 })).filter((a) => a.userId === person.userId)
    expect(mine.map((a) => a.id)).toEqual([id])

    await until(async () => (await t.app.applications.get(id))?.status === 'delivered', 10_000, 'delivered')
    expect(await t.app.applications.nextDueAt()).toBeNull()
    expect(receiver.deliveries.length - before).toBe(1)
    expect(receiver.byId(id)).toHaveLength(1)
  })
})

function checkEligibility(eligibility: unknown, form: FormId, apiResults: { programId: string }[]): void {
  expect(Array.isArray(eligibility)).toBe(true)
  const results = eligibility as Record<string, unknown>[]
  expect(results.length).toBeGreaterThan(0)
  for (const r of results) expect(Object.keys(r).sort()).toEqual(ELIGIBILITY_RESULT_KEYS)
  const own = results.find((r) => r.programId === PROGRAMME_OF[form])
  // The same profile (industry food_delivery, nothing else) through /api/eligibility gives the same result.
  expect(own).toEqual(apiResults.find((r) => r.programId === PROGRAMME_OF[form]))
}
