// Issue 25 with two instances on one Redis prefix, as behind a load balancer: WeChat's retry of a callback reaching
// the other instance is answered once; the access token is fetched once for both, and refreshed once after a
// 40001; 微信客服 callbacks reaching both sync each message once; a case-status notice is pushed once, whichever
// instance the office posts to. The real apps on loopback, callbacks sealed by the test, the platform a stub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postEvent, signedEvent } from '../casework/support.js'
import { newSecret } from '../e2e/support.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { aesKey, post, sealed, until, xml, type Signer, mpEnv } from '../wechat-official/callbacks.js'
import { startStubWechat, type StubWechat } from '../wechat-official/stub-wechat.js'
import { REDIS_TEST_URL, cleanPrefix, skipUnlessRedis, testPrefix } from './support.js'

const redisUp = await skipUnlessRedis('redis official wechat')
const prefix = testPrefix('wxofficial')
const MP_SEND = '/cgi-bin/message/custom/send'
const KF_SEND = '/cgi-bin/kf/send_msg'
const mp: Signer = { token: 'mptwo', aesKey: aesKey(), id: 'wx2222222222222222' }
const wecom: Signer = { token: 'wecomtwo', aesKey: aesKey(), id: 'ww2222222222222222' }
const caseSecret = newSecret()
let stub: StubWechat
let a: TestApp
let b: TestApp
let msgId = 70_000

const mpText = (openid: string, content: string, id = ++msgId) =>
  xml({ ToUserName: 'gh_two', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: content, MsgId: String(id) })
const toMp = (t: TestApp, inner: string) => {
  const { query, body } = sealed(mp, inner)
  return post(`${t.app.url}/channels/wechat-mp?${query}`, body)
}
const kfEvent = (t: TestApp, openKfId: string) => {
  const inner = xml({ ToUserName: wecom.id, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event: 'kf_msg_or_event', Token: 'synctoken', OpenKfId: openKfId })
  const { query, body } = sealed(wecom, inner)
  return post(`${t.app.url}/channels/wecom?${query}`, body)
}
const sentTo = (path: string, user: string) => stub.sends(path).filter((c) => c.body.touser === user)
const settle = () => new Promise((r) => setTimeout(r, 400))

describe.skipIf(!redisUp)('official WeChat channels, two instances on one Redis', () => {
  beforeAll(async () => {
    await cleanPrefix(prefix)
    stub = await startStubWechat()
    stub.pageSize = 3
    const env = {
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: prefix,
      ...mpEnv(mp, stub.url),
      WECOM_CORP_ID: wecom.id,
      WECOM_TOKEN: wecom.token,
      WECOM_AES_KEY: wecom.aesKey,
      WECOM_KF_SECRET: 'kfsecret',
      WECOM_API_BASE: stub.url,
      CASE_STATUS_SECRET: caseSecret,
      NOTICE_QUIET_HOURS: 'false',
      HANDOFF_RETRY_BASE_MS: '20',
    }
    a = await startTestApp(env)
    b = await startTestApp(env)
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
    await stub?.close()
    await cleanPrefix(prefix)
  })

  it('fetches the access token once for both instances', async () => {
    const users = ['t1', 't2', 't3', 't4'].map((u) => `openid-${u}`)
    await Promise.all(users.map((u, i) => toMp(i % 2 ? b : a, mpText(u, '谢谢'))))
    await until(() => users.every((u) => sentTo(MP_SEND, u).length > 0), 8000, 'all answered')
    expect(stub.calls.filter((c) => c.path === '/cgi-bin/token')).toHaveLength(1)
  })

  it('answers a callback WeChat retries to the other instance once', async () => {
    const inner = mpText('openid-retried', '谢谢')
    const results = await Promise.all([toMp(a, inner), toMp(b, inner), toMp(b, inner)])
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    await until(() => sentTo(MP_SEND, 'openid-retried').length > 0, 5000, 'answered')
    await settle()
    // Sent again later, as WeChat's third try would be: still once.
    await toMp(a, inner)
    await settle()
    expect(sentTo(MP_SEND, 'openid-retried')).toHaveLength(1)
  })

  it('refreshes a revoked token once for both instances', async () => {
    const fetched = stub.tokenFetches()
    stub.revokeTokens()
    const users = ['r1', 'r2', 'r3', 'r4'].map((u) => `openid-${u}`)
    await Promise.all(users.map((u, i) => toMp(i % 2 ? b : a, mpText(u, '谢谢'))))
    await until(() => users.every((u) => sentTo(MP_SEND, u).some((c) => c.query.access_token !== undefined)), 8000, 'all answered')
    await settle()
    expect(stub.tokenFetches() - fetched).toBe(1)
  })

  it('微信客服: callbacks reaching both instances answer each customer message once', async () => {
    const kf = (n: number, user: string) => ({
      msgid: `two-kf-${n}`, open_kfid: 'wkTWO', external_userid: user, send_time: 1700000000 + n, origin: 3, msgtype: 'text', text: { content: '谢谢' },
    })
    stub.kfMessages.push(kf(1, 'wmTwo1'), kf(2, 'wmTwo2'), kf(3, 'wmTwo3'), kf(4, 'wmTwo4'))
    await Promise.all([kfEvent(a, 'wkTWO'), kfEvent(b, 'wkTWO'), kfEvent(a, 'wkTWO')])
    const users = ['wmTwo1', 'wmTwo2', 'wmTwo3', 'wmTwo4']
    await until(() => users.every((u) => sentTo(KF_SEND, u).length > 0), 8000, 'every customer answered')
    stub.kfMessages.push(kf(5, 'wmTwo1'))
    await Promise.all([kfEvent(b, 'wkTWO'), kfEvent(a, 'wkTWO')])
    await until(() => sentTo(KF_SEND, 'wmTwo1').length > 1, 8000, 'the new message answered')
    await settle()
    expect(users.map((u) => sentTo(KF_SEND, u).length)).toEqual([2, 1, 1, 1])
  })

  it('pushes a case-status notice once, through the channel the worker applied on, whichever instance the office posts to', async () => {
    const openid = 'openid-two-applicant'
    // The turns alternate between the instances, as a load balancer would send them.
    const turns: Array<[string, string]> = [['我想加入工会', '个人信息'], ['同意', '姓名'], ['王小伟', '手机号'], ['13957000000', '哪一行'], ['送外卖', '确认'], ['确认', '编号']]
    let last = ''
    for (const [i, [say, expected]] of turns.entries()) {
      const before = sentTo(MP_SEND, openid).length
      await toMp(i % 2 ? b : a, mpText(openid, say))
      await until(() => sentTo(MP_SEND, openid).length > before, 8000, `answer to ${say}`)
      await new Promise((r) => setTimeout(r, 50))
      last = sentTo(MP_SEND, openid).slice(before).map((c) => c.body.text.content).join('\n')
      expect(last).toContain(expected)
    }
    const reference = /编号：([A-Z0-9]+)/.exec(last)![1]
    const before = sentTo(MP_SEND, openid).length
    const event = signedEvent(caseSecret, { type: 'application.status', applicationId: reference, status: 'received', at: new Date().toISOString() })
    expect((await postEvent(b.app.url, event)).body.outcome).toBe('accepted')
    expect((await postEvent(a.app.url, event)).body.outcome).toBe('duplicate')
    await until(() => sentTo(MP_SEND, openid).length > before, 8000, 'notice sent')
    await new Promise((r) => setTimeout(r, 800))
    const notices = sentTo(MP_SEND, openid).slice(before)
    expect(notices).toHaveLength(1)
    expect(notices[0].body.text.content).toContain(reference)
  })
})
