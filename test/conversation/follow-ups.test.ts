// Follow-ups over the real HTTP API and session store: each conversation keeps a small topic, an elliptical
// message is read against it, a new topic replaces it, a group member's topic is their own, an old one lapses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFollowUps, TOPIC_TTL_MS } from '../../src/answer/follow-up.js'
import { loadDictionary } from '../../src/knowledge/dictionary.js'
import { REFUSAL_MARK } from '../../src/answer/extractive.js'
import { startTestApp, type TestApp } from '../helpers/app.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

async function say(userId: string, text: string): Promise<string> {
  const res = await t.post('/api/chat', { userId, text })
  expect(res.status).toBe(200)
  return (res.body.replies as string[]).join('\n')
}

describe('follow-ups through /api/chat', () => {
  it('reads 那开出租的呢 as the same question for taxi drivers', async () => {
    await say('fu-1', '送快递的能参加工伤保险吗')
    const reply = await say('fu-1', '那开出租的呢？')
    expect(reply).toContain('接着上文')
    expect(reply).toContain('工伤')
    expect(reply).not.toContain(REFUSAL_MARK)
  })

  it('reads 我是外地户口 as the last question for 外地户籍, and says what the document does and does not say', async () => {
    await say('fu-2', '灵活就业人员能交职工养老保险吗')
    const reply = await say('fu-2', '我是外地户口')
    expect(reply).toContain('本市户籍')
    expect(reply).toContain('没有写外地户籍')
  })

  it('reads 去哪里办 and 要交钱吗 as about the current topic, and a new topic replaces it', async () => {
    await say('fu-3', '想开个小店，创业担保贷款能贷吗')
    const where = await say('fu-3', '去哪里办？')
    expect(where).toContain('贷款')
    expect(where).toContain('文件没有写')
    expect(where).toContain('12333')
    await say('fu-3', '加入工会有什么福利')
    const fee = await say('fu-3', '要交钱吗')
    expect(fee).toContain('工会')
    expect(fee).not.toContain('贷款')
  })

  it('follows other workers named in the document\'s own words, then a limit asked about', async () => {
    await say('fu-6', '网约车专职司机买车能贷款吗')
    expect(await say('fu-6', '巡游出租车呢')).toContain('接着上文')
    const limit = await say('fu-6', '最多能贷多少')
    expect(limit.split('\n')[1]).toContain('不超过营运车辆购置总额')
  })

  it('answers a claim about a rule, never reading it as a request to apply', async () => {
    const res = await t.post('/api/chat', { userId: 'fu-7', text: '听说创业担保贷款只有初创3年内的才能申请，对吧' })
    expect(res.body.form).toBeNull()
    expect(res.body.replies.join('\n')).toMatch(/不是3年。.*初创5年内/)
  })

  it('never reads a question refused on its own into the topic', async () => {
    await say('fu-5', '灵活就业人员能交养老保险吗')
    for (const text of ['明天会下雨吗', '个税怎么算', '失业金能领多少']) {
      const reply = await say('fu-5', text)
      expect(reply, text).toContain(REFUSAL_MARK)
      expect(reply, text).not.toContain('接着上文')
    }
    // …and the topic is still there for a real follow-up.
    expect(await say('fu-5', '要交多少钱')).toContain('接着上文')
  })

  it("keeps each group member's topic apart", async () => {
    const a = { userId: 'member-a', conversationId: 'room-1:member-a', text: '骑手能交工伤保险吗' }
    const b = { userId: 'member-b', conversationId: 'room-1:member-b', text: '创业担保贷款谁能申请' }
    await t.app.handle({ channel: 'api', inGroup: true, ...a })
    await t.app.handle({ channel: 'api', inGroup: true, ...b })
    const replyA = (await t.app.handle({ channel: 'api', inGroup: true, ...a, text: '网约车呢' })).replies.join('\n')
    expect(replyA).toContain('工伤')
    expect(replyA).not.toContain('贷款')
  })

  it('answers a message on its own once the topic is old, and a question with its own topic as asked', () => {
    const followUps = createFollowUps(loadDictionary('knowledge'))
    const start = new Date('2026-12-01T10:00:00Z')
    const first = followUps.resolve('骑手能交工伤保险吗', undefined, start)
    expect(first.topic.what).toContain('工伤保险')
    expect(followUps.resolve('网约车呢', first.topic, new Date(start.getTime() + 60_000)).question).toBe('网约车能交工伤保险吗')
    const late = followUps.resolve('网约车呢', first.topic, new Date(start.getTime() + TOPIC_TTL_MS + 1))
    expect(late).toMatchObject({ question: '网约车呢', rewritten: false })
    expect(followUps.resolve('养老保险能交吗', first.topic, start)).toMatchObject({ question: '养老保险能交吗', rewritten: false })
    // Only a topic word and 呢: the same question about that topic.
    expect(followUps.resolve('那医保呢？', first.topic, start)).toMatchObject({ question: '骑手能交医保吗', rewritten: true })
  })

  it('keeps the topic in the store beside the session, so another instance on the same data continues it', async () => {
    await say('fu-4', '骑手能交工伤保险吗')
    const dataDir = t.dataDir
    const second = await startTestApp({ DATA_DIR: dataDir })
    try {
      // A topic is written behind the reply, within a second (topic-store.ts).
      await new Promise((r) => setTimeout(r, 1300))
      const res = await second.post('/api/chat', { userId: 'fu-4', text: '那快递员呢' })
      expect(res.body.replies.join('\n')).toContain('工伤')
    } finally {
      await second.close()
    }
  })
})
