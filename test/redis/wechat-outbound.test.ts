// The official channels' durable outbound queue with two instances on one Redis prefix: a reply held up by an
// API outage is sent once when the API is back, though both instances' workers look for it; a reply queued on an
// instance that then stops is sent by the other. The real apps on loopback, callbacks sealed by the test, the
// platform a stub that can be made to answer 503.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { aesKey, post, sealed, until, xml, type Signer, mpEnv } from '../wechat-official/callbacks.js'
import { startStubWechat, type StubWechat } from '../wechat-official/stub-wechat.js'
import { REDIS_TEST_URL, cleanPrefix, skipUnlessRedis, testPrefix } from './support.js'

const redisUp = await skipUnlessRedis('redis official wechat outbound queue')
const prefix = testPrefix('wxoutbound')
const SEND = '/cgi-bin/message/custom/send'
const mp: Signer = { token: 'mpqueuetwo', aesKey: aesKey(), id: 'wx4444444444444444' }
let stub: StubWechat
let a: TestApp
let b: TestApp
let msgId = 95_000

const toMp = async (t: TestApp, openid: string, content: string) => {
  const inner = xml({ ToUserName: 'gh_two', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: content, MsgId: String(++msgId) })
  const { query, body } = sealed(mp, inner)
  expect(await post(`${t.app.url}/channels/wechat-mp?${query}`, body)).toEqual({ status: 200, text: 'success' })
}
const tried = (openid: string) => stub.sends(SEND).filter((c) => c.body.touser === openid)
const delivered = (openid: string) => stub.delivered(SEND).filter((c) => c.body.touser === openid).map((c) => c.body.text.content as string)
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.skipIf(!redisUp)('official WeChat outbound queue, two instances on one Redis', () => {
  let env: Record<string, string>
  beforeAll(async () => {
    await cleanPrefix(prefix)
    stub = await startStubWechat()
    env = {
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: prefix,
      ...mpEnv(mp, stub.url),
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

  it('sends a reply queued during an outage once, though both instances look for it', async () => {
    const openid = 'openid-two-outage'
    stub.down(SEND, 503)
    await toMp(a, openid, '谢谢')
    await until(() => tried(openid).length >= 3, 5000, 'tried and retried')
    stub.down(SEND, undefined)
    await until(() => delivered(openid).length > 0, 5000, 'delivered')
    await pause(400)
    expect(delivered(openid)).toHaveLength(1)
    expect(delivered(openid)[0]).toContain('不客气')
  })

  it('sends a reply queued on an instance that stopped from the other one', async () => {
    const openid = 'openid-two-stopped'
    const c = await startTestApp(env)
    stub.down(SEND, 503)
    try {
      await toMp(c, openid, '谢谢')
      await until(() => tried(openid).length >= 1, 5000, 'tried')
      await c.close()
    } finally {
      stub.down(SEND, undefined)
    }
    await until(() => delivered(openid).length > 0, 5000, 'delivered by another instance')
    await pause(400)
    expect(delivered(openid)).toHaveLength(1)
  })
})
