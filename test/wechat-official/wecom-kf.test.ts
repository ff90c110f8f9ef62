// 微信客服's 5 messages after a customer's message: a burst's answers merged into as few send_msg calls as the
// 2048-byte limit allows, never more than 5; and a case-status notice through send_msg to the account the customer
// applied through. The real app on loopback, callbacks sealed by the test, a stub of qyapi.weixin.qq.com.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CUT_SHORT } from '../../src/channels/wechat-official/split-bytes.js'
import { postEvent, signedEvent } from '../casework/support.js'
import { applicant, newSecret } from '../e2e/support.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { aesKey, post, sealed, until, xml, type Signer } from './callbacks.js'
import { startStubWechat, type StubWechat } from './stub-wechat.js'

const SEND = '/cgi-bin/kf/send_msg'
const signer: Signer = { token: 'kftoken', aesKey: aesKey(), id: 'wwkf0123456789abcd' }
const caseSecret = newSecret()
let stub: StubWechat
let t: TestApp
let serial = 0

const customerText = (user: string, content: string, openKfId = 'wkKF1') => ({
  msgid: `kf-${++serial}`, open_kfid: openKfId, external_userid: user, send_time: 1700000000 + serial, origin: 3, msgtype: 'text', text: { content },
})
const sentTo = (user: string) => stub.sends(SEND).filter((c) => c.body.touser === user)
const contents = (user: string) => sentTo(user).map((c) => c.body.text.content as string)

/** What WeChat does when customers write: the messages wait in sync_msg, the callback only says so. */
async function arrive(openKfId: string, ...messages: ReturnType<typeof customerText>[]) {
  stub.kfMessages.push(...messages)
  const inner = xml({ ToUserName: signer.id, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event: 'kf_msg_or_event', Token: 'synctoken', OpenKfId: openKfId })
  const { query, body } = sealed(signer, inner)
  expect(await post(`${t.app.url}/channels/wecom?${query}`, body)).toEqual({ status: 200, text: '' })
}

/** Waits until `user` has been sent something new and nothing more comes for a moment. */
async function answered(user: string, before: number): Promise<string[]> {
  await until(() => sentTo(user).length > before, 8000, `answer to ${user}`)
  let seen = -1
  while (seen !== sentTo(user).length) {
    seen = sentTo(user).length
    await new Promise((r) => setTimeout(r, 250))
  }
  return contents(user).slice(before)
}

beforeAll(async () => {
  stub = await startStubWechat()
  stub.pageSize = 100
  t = await startTestApp({
    WECOM_CORP_ID: signer.id,
    WECOM_TOKEN: signer.token,
    WECOM_AES_KEY: signer.aesKey,
    WECOM_KF_SECRET: 'kfsecret',
    WECOM_API_BASE: stub.url,
    CASE_STATUS_SECRET: caseSecret,
    NOTICE_QUIET_HOURS: 'false',
    HANDOFF_RETRY_BASE_MS: '20',
  })
})
afterAll(async () => {
  await t?.close()
  await stub?.close()
})

describe('微信客服: 5 messages after a customer\'s message', () => {
  it('answers a burst of one customer\'s messages in one send_msg when the answers fit in 2048 bytes, in order', async () => {
    await arrive('wkKF1', customerText('wmA', '谢谢'), customerText('wmB', '谢谢'), customerText('wmA', '能交工伤保险吗'), customerText('wmA', '社保补贴有多少'))
    const [merged, ...more] = await answered('wmA', 0)
    expect(more).toEqual([])
    expect(Buffer.byteLength(merged)).toBeLessThanOrEqual(2048)
    const order = ['不客气', '工伤', '450'].map((word) => merged.indexOf(word))
    expect(order.every((i) => i >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(sentTo('wmA')[0].body).toMatchObject({ open_kfid: 'wkKF1', msgtype: 'text' })
    // The other customer in the same page gets their own answer.
    expect((await answered('wmB', 0)).join('')).toContain('不客气')
  })

  it('splits a burst whose answers need more than 2048 bytes into as few parts as fit, at most 5', async () => {
    const asks = ['能交工伤保险吗', '社保补贴有多少', '欠薪了怎么办', '创业担保贷款能贷多少']
    await arrive('wkKF1', ...asks.map((q) => customerText('wmC', q)))
    const parts = await answered('wmC', 0)
    // One message per answer would be 4; merged, they take only the parts their bytes need: no two
    // neighbouring parts would have fitted in one message.
    expect(parts.length).toBeLessThan(asks.length)
    const bare = parts.map((p) => Buffer.byteLength(p.replace(/^\(\d+\/\d+\) /, '')))
    for (let i = 1; i < bare.length; i++) expect(bare[i - 1] + bare[i]).toBeGreaterThan(2048 - 8)
    parts.forEach((p, i) => {
      expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2048)
      expect(p.startsWith(`(${i + 1}/${parts.length}) `)).toBe(true)
    })
  })

  it('cuts an answer needing more than 5 messages to 5, the last saying it was cut short', async () => {
    const asks = Array.from({ length: 16 }, (_, i) => ['能交工伤保险吗', '社保补贴有多少', '欠薪了怎么办', '创业担保贷款能贷多少'][i % 4])
    await arrive('wkKF1', ...asks.map((q) => customerText('wmD', q)))
    const parts = await answered('wmD', 0)
    expect(parts).toHaveLength(5)
    parts.forEach((p, i) => {
      expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2048)
      expect(p.startsWith(`(${i + 1}/5) `)).toBe(true)
    })
    expect(parts[4].endsWith(CUT_SHORT)).toBe(true)
  })

  it('sends a customer\'s case-status notice through send_msg on the account they applied through', async () => {
    const user = 'wmApplicant'
    const person = applicant(9, 'kf')
    const turns: Array<[string, string]> = [
      ['我想加入工会', '个人信息'], ['同意', '姓名'], [person.name, '手机号'], [person.phone, '哪一行'], ['送外卖', '确认'], ['确认', '编号'],
    ]
    let last = ''
    for (const [say, expected] of turns) {
      const before = sentTo(user).length
      await arrive('wkKF2', customerText(user, say, 'wkKF2'))
      last = (await answered(user, before)).join('\n')
      expect(last).toContain(expected)
    }
    const reference = /编号：([A-Z0-9]+)/.exec(last)![1]
    const before = sentTo(user).length
    const event = signedEvent(caseSecret, { type: 'application.status', applicationId: reference, status: 'received', at: new Date().toISOString() })
    expect((await postEvent(t.app.url, event)).body.outcome).toBe('accepted')
    const [notice] = await answered(user, before)
    expect(notice).toContain(reference)
    expect(notice).toContain('已受理')
    expect(sentTo(user).at(-1)!.body).toMatchObject({ touser: user, open_kfid: 'wkKF2', msgtype: 'text' })
  })
})
