// Issue 24, "honest when nothing is configured": with no HANDOFF_WEBHOOK_URL the worker is not told the
// application went to the office, and the API (so the console) shows delivery not_configured, not pending forever.
import { afterAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js'
import { applicant, applyThroughChat, chat, newSecret } from '../e2e/support.js'

const open: (TestApp | WebhookReceiver)[] = []
afterAll(async () => {
  for (const x of open.reverse()) await x.close()
})

describe('no HANDOFF_WEBHOOK_URL', () => {
  it('says the application is saved but not sent, and shows delivery not_configured', async () => {
    const t = await startTestApp()
    open.push(t)
    const worker = applicant(11, 'unconf')
    const done = await applyThroughChat(t.app.url, worker, 'union_membership')
    const text = done.confirmation.join('\n')
    expect(text).toContain(done.applicationId)
    expect(text).toContain('还没有送到经办部门')
    expect(text).not.toContain('转交给相关部门')
    expect(text).toContain('12333') // what to do meanwhile

    const one = await t.get(`/api/applications/${done.applicationId}`)
    expect(one.body).toMatchObject({ id: done.applicationId, status: 'pending', delivery: 'not_configured', caseStatus: null, history: [] })
    const list = await t.get('/api/applications')
    expect(list.body.applications[0].delivery).toBe('not_configured')

    const status = await chat(t.app.url, worker.userId, '我的申请')
    expect(status.replies.join('\n')).toContain('尚未送到经办部门')
  })

  it('with a URL the confirmation says it is handed over and delivery reads as the status', async () => {
    const secret = newSecret()
    const receiver = await startWebhookReceiver(secret)
    open.push(receiver)
    const t = await startTestApp({ HANDOFF_WEBHOOK_URL: receiver.url, HANDOFF_WEBHOOK_SECRET: secret, HANDOFF_RETRY_BASE_MS: '20' })
    open.push(t)
    const done = await applyThroughChat(t.app.url, applicant(12, 'unconf'), 'union_membership')
    expect(done.confirmation.join('\n')).toContain('转交给相关部门')
    const one = await t.get(`/api/applications/${done.applicationId}`)
    expect(['pending', 'delivering', 'delivered']).toContain(one.body.delivery)
  })
})
