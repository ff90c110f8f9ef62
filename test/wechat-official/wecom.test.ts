// The 企业微信 channel end to end: the app's messages and 微信客服's sync, the real app on loopback, callbacks
// signed and encrypted with @wecom/crypto, a stub of qyapi.weixin.qq.com.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encrypt, getSignature } from '@wecom/crypto'
import { startTestApp, tempDataDir, type TestApp } from '../helpers/app.js'
import { aesKey, post, sealed, until, xml, type Signer } from './callbacks.js'
import { startStubWechat, type StubWechat } from './stub-wechat.js'

const signer: Signer = { token: 'wecomtoken', aesKey: aesKey(), id: 'ww0123456789abcdef' }
let stub: StubWechat
let t: TestApp
const dataDir = tempDataDir()
const env = () => ({
  DATA_DIR: dataDir,
  WECOM_CORP_ID: signer.id,
  WECOM_TOKEN: signer.token,
  WECOM_AES_KEY: signer.aesKey,
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'appsecret',
  WECOM_KF_SECRET: 'kfsecret',
  WECOM_API_BASE: stub.url,
  HANDOFF_RETRY_BASE_MS: '20',
})
const callback = (inner: string, opts?: Parameters<typeof sealed>[2]) => {
  const { query, body } = sealed(signer, inner, opts)
  return post(`${t.app.url}/channels/wecom?${query}`, body)
}
const kfEvent = (openKfId: string) =>
  xml({ ToUserName: signer.id, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event: 'kf_msg_or_event', Token: 'synctoken', OpenKfId: openKfId })
const kfText = (n: number, origin = 3, user = `wmcustomer${n % 3}`) => ({
  msgid: `kfmsg-${n}`, open_kfid: 'wkKF1', external_userid: user, send_time: 1700000000 + n, origin, msgtype: 'text', text: { content: '能交工伤保险吗' },
})

beforeAll(async () => {
  stub = await startStubWechat()
  t = await startTestApp(env())
})
afterAll(async () => {
  await t?.close()
  await stub?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('企业微信 callbacks', () => {
  it('answers the URL check with the decrypted echostr, bare, within 1 s', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000))
    const nonce = '12345'
    const echostr = encrypt(signer.aesKey, '1234567890123456789', signer.id)
    const msg_signature = getSignature(signer.token, timestamp, nonce, echostr)
    const started = Date.now()
    const res = await fetch(`${t.app.url}/channels/wecom?${new URLSearchParams({ msg_signature, timestamp, nonce, echostr })}`)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('1234567890123456789')
    const bad = await fetch(`${t.app.url}/channels/wecom?${new URLSearchParams({ msg_signature: 'f'.repeat(40), timestamp, nonce, echostr })}`)
    expect(bad.status).toBe(401)
  })

  it('answers an app message through /cgi-bin/message/send, once per MsgId', async () => {
    const inner = xml({ ToUserName: signer.id, FromUserName: 'zhangsan', CreateTime: 1700000000, MsgType: 'text', Content: '骑手能交工伤保险吗', MsgId: '900001', AgentID: 1000002 })
    const results = await Promise.all([callback(inner), callback(inner)])
    expect(results.map((r) => r.status)).toEqual([200, 200])
    await until(() => stub.sends('/cgi-bin/message/send').length > 0, 5000, 'app message sent')
    await new Promise((r) => setTimeout(r, 300))
    const sends = stub.sends('/cgi-bin/message/send')
    expect(sends).toHaveLength(1)
    expect(sends[0].body).toMatchObject({ touser: 'zhangsan', msgtype: 'text', agentid: 1000002 })
    expect(sends[0].body.text.content).toContain('工伤')
  })

  it('gets 401 for a bad signature and ignores another corp\'s message', async () => {
    const before = stub.calls.length
    const inner = xml({ ToUserName: signer.id, FromUserName: 'lisi', CreateTime: 1700000002, MsgType: 'text', Content: '你好', MsgId: '900002' })
    expect((await callback(inner, { badSignature: true })).status).toBe(401)
    const foreign = await callback(inner, { id: 'wwanothercorp00000' })
    expect(foreign.status).toBe(200)
    await new Promise((r) => setTimeout(r, 300))
    expect(stub.calls.length).toBe(before)
  })

  it('微信客服: follows next_cursor while has_more, answers customers only, and keeps the cursor per open_kfid', async () => {
    stub.kfMessages = [kfText(1), kfText(2, 5, 'staff'), kfText(3), kfText(4, 4), kfText(5)]
    stub.pageSize = 2
    const res = await callback(kfEvent('wkKF1'))
    expect(res.status).toBe(200)
    await until(() => stub.sends('/cgi-bin/kf/send_msg').length >= 3, 8000, 'three customers answered')
    await new Promise((r) => setTimeout(r, 300))
    const syncs = stub.sends('/cgi-bin/kf/sync_msg')
    expect(syncs.map((c) => c.body.cursor ?? '')).toEqual(['', '2', '4'])
    expect(syncs[0].body).toMatchObject({ open_kfid: 'wkKF1', token: 'synctoken' })
    const sent = stub.sends('/cgi-bin/kf/send_msg')
    expect(sent.map((c) => c.body.touser).sort()).toEqual(['wmcustomer0', 'wmcustomer1', 'wmcustomer2'])
    for (const c of sent) expect(c.body).toMatchObject({ open_kfid: 'wkKF1', msgtype: 'text' })
  })

  it('微信客服: after a restart, resumes from the kept cursor and answers nothing twice', async () => {
    await t.app.stop()
    t = await startTestApp(env())
    stub.kfMessages.push(kfText(6))
    const sendsBefore = stub.sends('/cgi-bin/kf/send_msg').length
    const syncsBefore = stub.sends('/cgi-bin/kf/sync_msg').length
    await callback(kfEvent('wkKF1'))
    await until(() => stub.sends('/cgi-bin/kf/send_msg').length > sendsBefore, 8000, 'new message answered')
    await new Promise((r) => setTimeout(r, 300))
    expect(stub.sends('/cgi-bin/kf/sync_msg').slice(syncsBefore)[0].body.cursor).toBe('5')
    expect(stub.sends('/cgi-bin/kf/send_msg').length - sendsBefore).toBe(1)
  })
})
