// Many users at once never see each other's state; one user's burst of messages is handled one at a time,
// in arrival order, and leaves a consistent session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { chat, ID, said, type ChatReply } from './support.js'

let t: TestApp

beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏'

describe('many users at once', () => {
  it('30 users completing a form with interleaved requests each get their own answers stored', { timeout: 30_000 }, async () => {
    const users = [...SURNAMES].slice(0, 30).map((surname, i) => ({
      userId: `crowd-${i}`,
      name: `${surname}小明`,
      phone: `137${String(i).padStart(8, '0')}`,
    }))
    const steps: Array<{ text: (u: (typeof users)[number]) => string; awaiting: string | null }> = [
      { text: () => '我想申请新业态工伤保险', awaiting: 'consent' },
      { text: () => '同意', awaiting: 'name' },
      { text: (u) => u.name, awaiting: 'phone' },
      { text: (u) => u.phone, awaiting: 'idNumber' },
      { text: () => ID, awaiting: 'industry' },
      { text: () => '送外卖', awaiting: 'platform' },
      { text: () => '美团', awaiting: 'confirm' },
    ]
    for (const step of steps) {
      // Every user's message of this step in flight together, in shuffled order.
      const order = [...users].sort(() => Math.random() - 0.5)
      const replies = await Promise.all(order.map((u) => chat(t, u.userId, step.text(u)).then((r) => ({ u, r }))))
      for (const { u, r } of replies) {
        expect(r.awaiting, `${u.userId}: ${said(r)}`).toBe(step.awaiting)
        if (step.awaiting === 'confirm') {
          // The summary shows this user's own (masked) phone and name, nobody else's.
          expect(said(r)).toContain(u.name)
          expect(said(r)).toContain(`${u.phone.slice(0, 3)}****${u.phone.slice(-4)}`)
        }
      }
    }
    const done = await Promise.all(users.map((u) => chat(t, u.userId, '确认').then((r) => ({ u, r }))))
    const ids = new Set(done.map(({ r }) => r.applicationId))
    expect(ids.size).toBe(30)
    for (const { u, r } of done) {
      const stored = await t.app.applications.get(r.applicationId!)
      expect(stored!.userId).toBe(u.userId)
      expect(stored!.fields).toMatchObject({ name: u.name, phone: u.phone })
    }
  })
})

describe('one user, many messages at once', () => {
  it('20 messages issued together are handled strictly in order', async () => {
    const script = [
      '我想申请创业担保贷款', '同意', '郑小红', '13800138000', ID, '2023年5月', '两万元', '电话改成13900139000', '确认', '确认',
      '我的申请', '你好', '确认', '帮助', '我的申请', '确认', '你好', '确认', '我的申请', '确认',
    ]
    // Issued synchronously in this order: the engine must handle them in exactly this order.
    const replies = await Promise.all(script.map((text) => t.app.handle({ channel: 'api', userId: 'burst-order', text })))
    expect(replies.slice(0, 9).map((r) => r.awaiting)).toEqual([
      'consent', 'name', 'phone', 'idNumber', 'businessStartDate', 'loanAmount', 'confirm', 'confirm', null,
    ])
    // The 9th submits; every later 确认 is told the same number (applicationId too) and makes nothing new.
    const id = replies[8].applicationId
    expect(id).toBeTruthy()
    expect(new Set(replies.map((r) => r.applicationId).filter(Boolean))).toEqual(new Set([id]))
    expect(replies.filter((r) => r.applicationId && !/不会重复提交/.test(r.replies.join('')))).toEqual([replies[8]])
    const apps = await t.app.applications.forUser('burst-order')
    expect(apps).toHaveLength(1)
    expect(apps[0].fields).toMatchObject({ name: '郑小红', phone: '13900139000', businessStartDate: '2023-05-01', loanAmount: 20000 })
  })

  it('questions issued together with a form trigger keep their place: before it plain, after it inside the form', async () => {
    const q = '灵活就业人员可以参加哪些社会保险？'
    // (A question at the consent step itself leaves the form: see repair.test.ts. Here the questions come after it.)
    const texts = [q, '我想加入工会', '同意', q, '李四']
    const replies = await Promise.all(texts.map((text) => t.app.handle({ channel: 'api', userId: 'burst-questions', text })))
    expect(replies.map((r) => r.form)).toEqual([null, 'union_membership', 'union_membership', 'union_membership', 'union_membership'])
    expect(replies.map((r) => r.awaiting)).toEqual([null, 'consent', 'name', 'name', 'phone'])
    expect(replies[3].replies.join('')).toContain(replies[0].replies[0]) // the same answer, then the reminder
  })

  it('20 concurrent HTTP requests from one user leave one consistent session', async () => {
    const userId = 'burst-http'
    await chat(t, userId, '我想加入工会')
    await chat(t, userId, '同意')
    const names = [...SURNAMES].slice(0, 20).map((s) => `${s}大力`)
    const replies: ChatReply[] = await Promise.all(names.map((n) => chat(t, userId, n)))
    // Exactly one of them answered the name question; the rest were read as (bad) answers to the phone question.
    expect(replies.filter((r) => /手机号/.test(said(r))).length).toBe(20)
    for (const r of replies) expect(r.awaiting).toBe('phone')
    expect(replies.filter((r) => r.replies.join('').includes('请留一个能联系到您的手机号'))).toHaveLength(1)

    const [a, b] = await Promise.all([chat(t, userId, '13800138000'), chat(t, userId, '快递')])
    expect(a.awaiting === 'industry' || b.awaiting === 'industry' || a.awaiting === 'confirm' || b.awaiting === 'confirm').toBe(true)
    const summary = a.awaiting === 'confirm' ? a : b.awaiting === 'confirm' ? b : await chat(t, userId, '快递')
    expect(summary.awaiting).toBe('confirm')
    const confirms = await Promise.all(Array.from({ length: 20 }, () => chat(t, userId, '确认')))
    // One 确认 submits; the other 19 are told the same number and make nothing.
    expect(new Set(confirms.map((r) => r.applicationId)).size).toBe(1)
    expect(confirms.filter((r) => !/不会重复提交/.test(r.replies.join('')))).toHaveLength(1)
    const apps = await t.app.applications.forUser(userId)
    expect(apps).toHaveLength(1)
    expect(names).toContain(apps[0].fields.name)
    expect(apps[0].fields).toMatchObject({ phone: '13800138000', industry: 'express_logistics' })
  })
})
