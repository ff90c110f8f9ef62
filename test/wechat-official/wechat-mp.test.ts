// The 公众号 channel end to end: the real app on loopback, callbacks signed and encrypted by the test with
// @wecom/crypto, the platform's API a stub recording what it is sent.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getSignature } from '@wecom/crypto'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createCallbackCrypto } from '../../src/channels/wechat-official/crypto.js'
import { aesKey, openReply, post, sealed, until, xml, type Signer, mpEnv } from './callbacks.js'
import { startStubWechat, type StubWechat } from './stub-wechat.js'

const SEND = '/cgi-bin/message/custom/send'
const signer: Signer = { token: 'mptoken', aesKey: aesKey(), id: 'wx1234567890abcdef' }
let stub: StubWechat
let t: TestApp
let msgId = 1000

const text = (openid: string, content: string, id = ++msgId) =>
  xml({ ToUserName: 'gh_test', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: content, MsgId: String(id) })
const callback = (inner: string, opts?: Parameters<typeof sealed>[2]) => {
  const { query, body } = sealed(signer, inner, opts)
  return post(`${t.app.url}/channels/wechat-mp?${query}`, body)
}
const sentTo = (openid: string) => stub.sends(SEND).filter((c) => c.body.touser === openid)

beforeAll(async () => {
  stub = await startStubWechat()
  t = await startTestApp({
    ...mpEnv(signer, stub.url),
    HANDOFF_RETRY_BASE_MS: '20',
  })
})
afterAll(async () => {
  await t?.close()
  await stub?.close()
})

describe('公众号 callbacks', () => {
  it('agrees with Tencent\'s published test vector', () => {
    const c = createCallbackCrypto({ token: 'spamtest', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', receiverId: 'wx2c2769f8efd9abc2' })
    const encrypted = 'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE='
    expect(c.messageSignatureOk('5d197aaffba7e9b25a30732f161a50dee96bd5fa', '1409735669', '1320562132', encrypted)).toBe(true)
    expect(c.open(encrypted)).toContain('<xml>')
  })

  it('answers the URL check with echostr, and a bad signature with 401', async () => {
    const timestamp = '1700000000'
    const nonce = '42'
    const signature = createHash('sha1').update([signer.token, timestamp, nonce].sort().join('')).digest('hex')
    const ok = await fetch(`${t.app.url}/channels/wechat-mp?${new URLSearchParams({ signature, timestamp, nonce, echostr: 'hello123' })}`)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('hello123')
    const bad = await fetch(`${t.app.url}/channels/wechat-mp?${new URLSearchParams({ signature: '0'.repeat(40), timestamp, nonce, echostr: 'x' })}`)
    expect(bad.status).toBe(401)
  })

  it('acknowledges a message at once and answers it through the customer-service API', async () => {
    const started = Date.now()
    const res = await callback(text('openid-a', '送外卖的能交工伤保险吗'))
    expect(Date.now() - started).toBeLessThan(5000)
    expect(res).toEqual({ status: 200, text: 'success' })
    await until(() => sentTo('openid-a').length > 0, 5000, 'reply sent')
    const sent = sentTo('openid-a')[0]
    expect(sent.body).toMatchObject({ touser: 'openid-a', msgtype: 'text' })
    expect(sent.body.text.content).toContain('工伤')
    expect(Buffer.byteLength(sent.body.text.content)).toBeLessThanOrEqual(2048)
  })

  it('gets 401 for a bad signature and processes nothing', async () => {
    const before = stub.calls.length
    const res = await callback(text('openid-bad', '能交工伤保险吗'), { badSignature: true })
    expect(res.status).toBe(401)
    await new Promise((r) => setTimeout(r, 200))
    expect(stub.calls.length).toBe(before)
  })

  it('does not answer a message sealed for another appid', async () => {
    const res = await callback(text('openid-foreign', '能交工伤保险吗'), { id: 'wxsomeoneelse000' })
    expect(res.status).toBe(200)
    expect(res.text).toBe('')
    await new Promise((r) => setTimeout(r, 300))
    expect(sentTo('openid-foreign')).toHaveLength(0)
  })

  it('answers a retried MsgId once', async () => {
    const inner = text('openid-retry', '骑手能交工伤保险吗', 777_001)
    const results = await Promise.all([callback(inner), callback(inner), callback(inner)])
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    await until(() => sentTo('openid-retry').length > 0, 5000, 'reply sent')
    await new Promise((r) => setTimeout(r, 300))
    const contents = sentTo('openid-retry').map((c) => c.body.text.content)
    expect(new Set(contents).size).toBe(contents.length)
    expect(contents.filter((c) => !/^\(\d+\/\d+\)/.test(c) || c.startsWith('(1/')).length).toBe(1)
  })

  it('splits a long answer into parts of at most 2048 bytes, in order', async () => {
    // Several asks in one message give a long answer.
    await callback(text('openid-long', '送外卖的能交工伤保险吗？灵活就业社保补贴有多少？创业担保贷款能贷多少？怎么加入工会？欠薪了怎么办？网约车司机能交职工养老保险吗？'))
    await until(() => sentTo('openid-long').length > 0, 8000, 'reply sent')
    await new Promise((r) => setTimeout(r, 300))
    const parts = sentTo('openid-long').map((c) => c.body.text.content as string)
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(2048)
    if (parts.length > 1) parts.forEach((p, i) => expect(p.startsWith(`(${i + 1}/${parts.length}) `)).toBe(true))
  })

  it('welcomes a new follower with an encrypted passive reply', async () => {
    const res = await callback(xml({ ToUserName: 'gh_test', FromUserName: 'openid-new', CreateTime: 1700000001, MsgType: 'event', Event: 'subscribe' }))
    expect(res.status).toBe(200)
    const reply = openReply(signer, res.text)
    expect(reply).toContain('openid-new')
    expect(reply).toContain('政策助手')
  })

  it('records 45015 (the reply window is over) without retrying', async () => {
    stub.failNext(SEND, 1, 45015)
    const before = stub.sends(SEND).length
    await callback(text('openid-late', '能交工伤保险吗'))
    await until(() => stub.sends(SEND).length > before, 5000, 'send tried')
    await new Promise((r) => setTimeout(r, 400))
    expect(stub.sends(SEND).length - before).toBe(1)
  })

  it('retries a send the network dropped', async () => {
    stub.failNext(SEND, 1, 'drop')
    await callback(text('openid-drop', '能交工伤保险吗'))
    await until(() => sentTo('openid-drop').length >= 2, 5000, 'send retried')
  })

  it('refreshes a revoked token once for concurrent senders', async () => {
    await until(() => stub.tokenFetches() >= 1, 1000, 'first token')
    const fetchesBefore = stub.tokenFetches()
    stub.revokeTokens()
    const users = ['c1', 'c2', 'c3', 'c4', 'c5'].map((u) => `openid-${u}`)
    await Promise.all(users.map((u) => callback(text(u, '能交工伤保险吗'))))
    await until(() => users.every((u) => sentTo(u).some((c) => c.query.access_token !== undefined)), 8000, 'all answered')
    await new Promise((r) => setTimeout(r, 200))
    expect(stub.tokenFetches() - fetchesBefore).toBe(1)
  })

  it('signs with the same algorithm the platform uses', () => {
    expect(getSignature('a', '1', '2', 'x')).toMatch(/^[0-9a-f]{40}$/)
  })
})
