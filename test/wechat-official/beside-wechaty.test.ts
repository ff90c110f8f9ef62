// The 公众号 beside the Wechaty channel in one app: both register for the notices of 'wechat' applications, and
// each applicant's case-status notice goes out on the channel they applied through (a Wechaty contact by Wechaty,
// a follower by the customer-service API), once.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src/app.js'
import { postEvent, signedEvent } from '../casework/support.js'
import { newSecret, sleep } from '../e2e/support.js'
import { startMockWechat, type MockWechat } from '../wechat/mock-wechat.js'
import { aesKey, post, sealed, until, xml, type Signer, mpEnv } from './callbacks.js'
import { startStubWechat, type StubWechat } from './stub-wechat.js'

const SEND = '/cgi-bin/message/custom/send'
const signer: Signer = { token: 'mpbeside', aesKey: aesKey(), id: 'wxbeside000000001' }
const secret = newSecret()
let wx: MockWechat
let stub: StubWechat
let app: App
let dataDir: string
let msgId = 40_000

const TURNS: Array<[string, string]> = [['我想加入工会', '个人信息'], ['同意', '姓名'], ['李小芳', '手机号'], ['13957001234', '哪一行'], ['送外卖', '确认'], ['确认', '编号']]
const referenceIn = (text: string) => /编号：([A-Z0-9]+)/.exec(text)![1]
const sentTo = (openid: string) => stub.sends(SEND).filter((c) => c.body.touser === openid).map((c) => c.body.text.content as string)

beforeAll(async () => {
  wx = await startMockWechat()
  stub = await startStubWechat()
  dataDir = mkdtempSync(join(tmpdir(), 'wechat-beside-'))
  app = createApp({
    env: {
      DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', OPENAI_API_KEY: '', WECHATY_PUPPET: '', WECHAT_ROOMS: '', WECHAT_ADMIN: '',
      CASE_STATUS_SECRET: secret, NOTICE_QUIET_HOURS: 'false', HANDOFF_RETRY_BASE_MS: '20',
      ...mpEnv(signer, stub.url),
    },
    wechaty: wx.bot,
    wechat: { burstMs: 20, sendPauseMs: 0 },
  })
  await app.start()
})
afterAll(async () => {
  await app?.stop()
  await stub?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the 公众号 beside Wechaty', () => {
  it('sends each applicant\'s notice on the channel they applied through, once', async () => {
    // On Wechaty.
    const contact = wx.addContact('微信申请人')
    let last = ''
    for (const [say] of TURNS) last = (await wx.exchange(contact.id, () => contact.say(say).to(wx.me))).join('\n')
    const viaWechaty = referenceIn(last)

    // On the 公众号.
    const openid = 'openid-beside'
    for (const [say, expected] of TURNS) {
      const before = sentTo(openid).length
      const { query, body } = sealed(signer, xml({ ToUserName: 'gh', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: say, MsgId: String(++msgId) }))
      await post(`${app.url}/channels/wechat-mp?${query}`, body)
      await until(() => sentTo(openid).length > before, 5000, `answer to ${say}`)
      await sleep(50)
      last = sentTo(openid).slice(before).join('\n')
      expect(last).toContain(expected)
    }
    const viaMp = referenceIn(last)

    const wechatyBefore = wx.sentTo(contact.id).length
    const mpBefore = sentTo(openid).length
    const received = (id: string) => signedEvent(secret, { type: 'application.status', applicationId: id, status: 'received', at: new Date().toISOString() })
    expect((await postEvent(app.url, received(viaWechaty))).body.outcome).toBe('accepted')
    expect((await postEvent(app.url, received(viaMp))).body.outcome).toBe('accepted')
    const onWechaty = (await wx.waitFor(contact.id, wechatyBefore + 1, 10_000)).slice(wechatyBefore)
    await until(() => sentTo(openid).length > mpBefore, 10_000, '公众号 notice')
    await sleep(600)
    expect(onWechaty).toEqual([expect.stringContaining(viaWechaty)])
    expect(sentTo(openid).slice(mpBefore)).toEqual([expect.stringContaining(viaMp)])
    expect(stub.sends(SEND).some((c) => c.body.touser === contact.id)).toBe(false)
  })
})
