// Issue 25 step 5 / issue 24 step 2: an application made over several turns on the 公众号 gets its case-status
// notices there, as customer-service messages, through the same notice worker; a refusal (45015) is recorded and
// not retried. The real app on loopback, callbacks sealed by the test, the platform a stub, the office's events
// signed with standardwebhooks, the hand-off received by a real receiver.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../src/storage/sqlite.js'
import { postEvent, signedEvent } from '../casework/support.js'
import { applicant, newSecret } from '../e2e/support.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js'
import { aesKey, post, sealed, until, xml, type Signer, mpEnv } from './callbacks.js'
import { startStubWechat, type StubWechat } from './stub-wechat.js'

const SEND = '/cgi-bin/message/custom/send'
const signer: Signer = { token: 'mpnotices', aesKey: aesKey(), id: 'wxfedcba9876543210' }
const caseSecret = newSecret()
const hookSecret = newSecret()
let stub: StubWechat
let receiver: WebhookReceiver
let t: TestApp
let msgId = 5000

const sentTo = (openid: string) => stub.sends(SEND).filter((c) => c.body.touser === openid)
const contents = (openid: string) => sentTo(openid).map((c) => c.body.text.content as string)

/** One turn: the message as a sealed callback, then what the customer-service API was sent in answer. */
async function say(openid: string, content: string): Promise<string> {
  const before = sentTo(openid).length
  const inner = xml({ ToUserName: 'gh_test', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: content, MsgId: String(++msgId) })
  const { query, body } = sealed(signer, inner)
  expect(await post(`${t.app.url}/channels/wechat-mp?${query}`, body)).toEqual({ status: 200, text: 'success' })
  await until(() => sentTo(openid).length > before, 5000, `answer to ${content}`)
  await new Promise((r) => setTimeout(r, 50))
  return contents(openid).slice(before).join('\n')
}

/** 加入工会 over the 公众号, turn by turn; the reference number the worker is given. */
async function apply(openid: string, person = applicant(7, 'mp')): Promise<string> {
  expect(await say(openid, '我想加入工会')).toContain('个人信息')
  expect(await say(openid, '同意')).toContain('姓名')
  expect(await say(openid, person.name)).toContain('手机号')
  expect(await say(openid, person.phone)).toContain('哪一行')
  expect(await say(openid, '送外卖')).toContain('确认')
  const done = await say(openid, '确认')
  const reference = /编号：([A-Z0-9]+)/.exec(done)?.[1]
  expect(reference, done).toBeTruthy()
  return reference!
}

const event = (applicationId: string, status: string, extra: Record<string, unknown> = {}) =>
  signedEvent(caseSecret, { type: 'application.status', applicationId, status, at: new Date().toISOString(), ...extra })

beforeAll(async () => {
  stub = await startStubWechat()
  receiver = await startWebhookReceiver(hookSecret)
  t = await startTestApp({
    ...mpEnv(signer, stub.url),
    CASE_STATUS_SECRET: caseSecret,
    NOTICE_QUIET_HOURS: 'false',
    HANDOFF_WEBHOOK_URL: receiver.url,
    HANDOFF_WEBHOOK_SECRET: hookSecret,
    HANDOFF_RETRY_BASE_MS: '20',
  })
})
afterAll(async () => {
  await t?.close()
  await receiver?.close()
  await stub?.close()
})

describe('case-status notices on the 公众号', () => {
  it('sends the notices of an application made over several turns to the applicant\'s openid, with the reference number', async () => {
    const openid = 'openid-applicant'
    const reference = await apply(openid)
    // The office receives it as a WeChat application from this user (CONTRACT.md's webhook body).
    await until(() => receiver.deliveries.some((d) => d.payload?.id === reference), 5000, 'hand-off delivered')
    expect(receiver.deliveries.find((d) => d.payload?.id === reference)!.payload).toMatchObject({ channel: 'wechat', userId: openid, form: 'union_membership' })

    const before = sentTo(openid).length
    expect(await postEvent(t.app.url, event(reference, 'received', { caseNumber: 'GH-2026-001' }))).toMatchObject({ status: 200, body: { outcome: 'accepted' } })
    await until(() => sentTo(openid).length > before, 5000, 'received notice sent')
    const notice = sentTo(openid).at(-1)!
    expect(notice.body).toMatchObject({ touser: openid, msgtype: 'text' })
    expect(notice.body.text.content).toContain(reference)
    expect(notice.body.text.content).toContain('已受理')
    expect(notice.body.text.content).toContain('GH-2026-001')

    // 补正: every item in one message, on the same channel.
    const needs = [{ field: 'phone', reason: '无法接通' }, { document: '从业证明', reason: '未提供' }]
    await postEvent(t.app.url, event(reference, 'needs_more', { needs }))
    await until(() => contents(openid).some((c) => c.includes('补正')), 5000, 'needs_more notice sent')
    const needsMore = contents(openid).find((c) => c.includes('补正'))!
    expect(needsMore).toContain(reference)
    expect(needsMore).toContain('手机号')
    expect(needsMore).toContain('从业证明')
    expect(sentTo(openid).length).toBe(before + 2)
  })

  it('records 45015 (the reply window is over) on a notice and does not retry it', async () => {
    const openid = 'openid-window-over'
    const reference = await apply(openid, applicant(8, 'mp'))
    stub.failNext(SEND, 1, 45015)
    const attempts = () => stub.sends(SEND).filter((c) => c.body.touser === openid).length
    const before = attempts()
    expect((await postEvent(t.app.url, event(reference, 'approved'))).body.outcome).toBe('accepted')
    await until(() => attempts() > before, 5000, 'notice tried')
    await new Promise((r) => setTimeout(r, 600))
    expect(attempts() - before).toBe(1)

    const db = new Database(join(t.dataDir, DATABASE_FILE), { readonly: true })
    try {
      const undelivered = db
        .prepare<[], { value: string }>("SELECT value FROM keyv WHERE key LIKE 'wechat-undelivered:%'")
        .all()
        .map((row) => JSON.parse(row.value).value)
        .filter((r) => r.to === openid)
      expect(undelivered).toEqual([expect.objectContaining({ channel: 'wechat-mp', errcode: 45015, kind: 'notice', text: expect.stringContaining(reference) })])
      // Done with, as far as the notice worker goes: not waiting for another try.
      const notices = db.prepare<[string], { state: string }>('SELECT state FROM case_notices WHERE application_id = ?').all(reference)
      expect(notices.map((n) => n.state)).toEqual(['sent'])
    } finally {
      db.close()
    }
  })
})
