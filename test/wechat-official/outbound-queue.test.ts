// Replies whose sending fails in transport wait in the durable outbound queue (src/channels/wechat-official/
// outbound-queue.ts): an outage of the platform's API is outlived, in order and once; a reply queued when the app
// stops is sent by the next one on the same data directory; a refusal (45015) is recorded and not queued. The
// real app on loopback, callbacks sealed by the test, the platform a stub that can be made to answer 503.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../src/storage/sqlite.js'
import { startTestApp, tempDataDir, type TestApp } from '../helpers/app.js'
import { aesKey, post, sealed, until, xml, type Signer, mpEnv } from './callbacks.js'
import { startStubWechat, type StubWechat } from './stub-wechat.js'

const SEND = '/cgi-bin/message/custom/send'
const signer: Signer = { token: 'mpqueue', aesKey: aesKey(), id: 'wx3333333333333333' }
let stub: StubWechat
let msgId = 90_000

const env = (dataDir: string) => ({
  DATA_DIR: dataDir,
  ...mpEnv(signer, stub.url),
  HANDOFF_RETRY_BASE_MS: '20',
})
const text = (openid: string, content: string) =>
  xml({ ToUserName: 'gh_test', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: content, MsgId: String(++msgId) })
const callback = async (t: TestApp, openid: string, content: string) => {
  const { query, body } = sealed(signer, text(openid, content))
  expect(await post(`${t.app.url}/channels/wechat-mp?${query}`, body)).toEqual({ status: 200, text: 'success' })
}
const tried = (openid: string) => stub.sends(SEND).filter((c) => c.body.touser === openid)
const delivered = (openid: string) => stub.delivered(SEND).filter((c) => c.body.touser === openid).map((c) => c.body.text.content as string)
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

function storeRows(dataDir: string, like: string): Array<{ key: string; value: any }> {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
  try {
    return db.prepare<[string], { key: string; value: string }>('SELECT key, value FROM keyv WHERE key LIKE ?').all(like)
      .map((row) => ({ key: row.key, value: JSON.parse(row.value).value }))
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  stub = await startStubWechat()
})
afterAll(async () => {
  await stub?.close()
})

describe('公众号 replies through the durable outbound queue', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp(env(tempDataDir()))
  })
  afterAll(async () => {
    await t?.close()
  })

  it('sends a reply held up by an API outage once the API is back, in order and once, the next reply behind it', async () => {
    const openid = 'openid-outage'
    stub.down(SEND, 503)
    // A long answer (several parts), then a second message while the first answer waits.
    await callback(t, openid, '送外卖的能交工伤保险吗？灵活就业社保补贴有多少？创业担保贷款能贷多少？怎么加入工会？欠薪了怎么办？')
    await until(() => tried(openid).length >= 2, 5000, 'first answer tried and retried')
    const firstTries = tried(openid).length
    await callback(t, openid, '谢谢')
    await pause(150)
    // The second answer waits behind the first: nothing but the first's first part was tried.
    expect(new Set(tried(openid).map((c) => c.body.text.content)).size).toBe(1)
    expect(tried(openid).length).toBeGreaterThan(firstTries)
    stub.down(SEND, undefined)
    await until(() => delivered(openid).some((c) => c.includes('不客气')), 8000, 'both answers delivered')
    await pause(300)
    const got = delivered(openid)
    expect(new Set(got).size).toBe(got.length) // once each
    const numbered = got.filter((c) => /^\(\d+\/\d+\) /.test(c))
    const first = numbered.length ? numbered : [got[0]]
    // The first answer's parts, in order, then the second answer.
    if (numbered.length) numbered.forEach((c, i) => expect(c.startsWith(`(${i + 1}/${numbered.length}) `)).toBe(true))
    expect(got.slice(0, first.length)).toEqual(first)
    expect(got.length).toBe(first.length + 1)
    expect(got.at(-1)).toContain('不客气')
    expect(storeRows(t.dataDir, 'wechat-outbound:q:%')).toEqual([])
  })

  it('records 45015 (the reply window is over) and does not queue or retry the reply', async () => {
    const openid = 'openid-window-closed'
    stub.failNext(SEND, 1, 45015)
    await callback(t, openid, '能交工伤保险吗')
    await until(() => tried(openid).length > 0, 5000, 'send tried')
    await pause(300)
    expect(tried(openid)).toHaveLength(1)
    expect(storeRows(t.dataDir, 'wechat-outbound:q:%')).toEqual([])
    const undelivered = storeRows(t.dataDir, 'wechat-undelivered:%').map((r) => r.value).filter((r) => r.to === openid)
    expect(undelivered).toEqual([expect.objectContaining({ channel: 'wechat-mp', errcode: 45015, kind: 'answer' })])
  })

  it('records a reply as undelivered after its tries run out', async () => {
    const t2 = await startTestApp({ ...env(tempDataDir()), HANDOFF_RETRY_BASE_MS: '5' })
    // Same stub, so an outage on SEND holds every app's sends: use a user only this test writes to.
    const openid = 'openid-never'
    stub.down(SEND, 503)
    try {
      await callback(t2, openid, '谢谢')
      // 8 tries at 5, 10, 20 … ms apart: under a second.
      await until(() => storeRows(t2.dataDir, 'wechat-undelivered:%').some((r) => r.value.to === openid), 8000, 'recorded as undelivered')
    } finally {
      stub.down(SEND, undefined)
    }
    expect(tried(openid)).toHaveLength(8)
    await until(() => !storeRows(t2.dataDir, 'wechat-outbound:q:%').length, 2000, 'taken off the queue')
    await pause(100)
    expect(delivered(openid)).toEqual([])
    await t2.close()
  })
})

describe('a queued reply across a restart', () => {
  it('is sent by the next app on the same data directory', async () => {
    const dataDir = tempDataDir()
    const openid = 'openid-restart'
    stub.down(SEND, 503)
    const first = await startTestApp(env(dataDir))
    await callback(first, openid, '送外卖的能交工伤保险吗')
    await until(() => tried(openid).length >= 1, 5000, 'answer tried')
    await first.app.stop()
    expect(storeRows(dataDir, 'wechat-outbound:q:%')).toHaveLength(1)
    stub.down(SEND, undefined)
    const tries = tried(openid).length
    await pause(100)
    expect(tried(openid).length).toBe(tries) // the stopped app sends nothing more
    const second = await startTestApp(env(dataDir))
    try {
      await until(() => delivered(openid).length > 0, 5000, 'sent after the restart')
      await pause(300)
      expect(delivered(openid)).toHaveLength(1)
      expect(delivered(openid)[0]).toContain('工伤')
      expect(storeRows(dataDir, 'wechat-outbound:q:%')).toEqual([])
    } finally {
      await second.close()
    }
  })
})
