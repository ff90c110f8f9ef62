// Questions are not applications (issue 22 item 6): a question naming a programme is answered and the form
// offered; an explicit request starts it; 申请 answers the offer; status questions show the worker's
// applications and never start another; the consent step is left by a question or 不了.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { said, worker } from './support.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

let n = 0
const fresh = () => worker(t, `qva-${++n}`)

describe('a question that names a programme is answered, not started', () => {
  it.each([
    '快递员加入工会有啥好处', '工伤保险是干嘛的', '怎么申请社保补贴', '开网约车的能入工会吗', '申请创业担保贷款要什么条件',
    '加入工会要交会费吗', '新业态工伤保险有什么用', '社保补贴是不是每个月都有', '工会是干什么的',
  ])('%s', async (text) => {
    const reply = await fresh()(text)
    expect(reply.form, said(reply)).toBeNull()
    expect(reply.awaiting).toBeNull()
  })

  it('the answer offers the form, and 申请 (or 好的，申请) then starts it', async () => {
    for (const [question, yes, form] of [
      ['快递员加入工会有啥好处', '申请', 'union_membership'],
      ['怎么申请社保补贴', '好的，申请', 'social_insurance_subsidy'],
      ['送外卖的工伤保险怎么交', '我要申请', 'work_injury_insurance'],
      ['创业补贴怎么领', '要', 'startup_subsidy'],
      ['怎么加入工会呀？', '嗯嗯，办吧', 'union_membership'],
    ] as const) {
      const say = fresh()
      const answer = await say(question)
      expect(said(answer)).toMatch(/想办理的话/)
      const started = await say(yes)
      expect(started.form, `${question} → ${yes}`).toBe(form)
      expect(started.awaiting).toBe('consent')
    }
  })

  it('申请 with nothing offered asks which one, starting nothing', async () => {
    const reply = await fresh()('申请')
    expect(reply.form).toBeNull()
    expect(said(reply)).toMatch(/哪一项/)
  })
})

describe('an explicit request starts the form', () => {
  it.each([
    ['我要入会', 'union_membership'], ['我想加入工会，有什么要求', 'union_membership'], ['帮我申请一下工伤保险', 'work_injury_insurance'],
    ['我想申请社保补贴', 'social_insurance_subsidy'], ['我要申请欠薪维权求助', 'wage_arrears'], ['能帮我办一下创业担保贷款吗', 'startup_loan'],
  ])('%s', async (text, form) => {
    const reply = await fresh()(text)
    expect(reply.form, said(reply)).toBe(form)
  })
})

describe('status questions show the worker\'s applications and never start another', () => {
  it.each([
    '批了没', '到哪一步了', '我那个申请', '我申请的工伤保险批了没', '我加入工会的申请怎么样了', '我提交的社保补贴申请有结果了吗', '审核通过了吗？',
    '我的工伤保险申请审核得怎么样了', '上次提交的欠薪求助有人处理了吗',
  ])(
    '%s',
    async (text) => {
      const reply = await fresh()(text)
      expect(reply.form, said(reply)).toBeNull()
      expect(said(reply)).toMatch(/还没有通过我提交过申请/)
    },
  )

  it('after a submission, 批了没 names it; mid-form it answers and keeps the form', async () => {
    const say = fresh()
    await say('我想加入工会')
    await say('同意')
    await say('李四')
    await say('13800138000')
    await say('快递', 'confirm')
    const done = await say('确认')
    const status = await say('我那个申请批了没')
    expect(said(status)).toContain(done.applicationId!)
    expect(status.form).toBeNull()
    await say('我要申请工伤保险', 'consent')
    await say('同意', 'name')
    const mid = await say('到哪一步了')
    expect(said(mid)).toContain(done.applicationId!)
    expect(mid.form).toBe('work_injury_insurance')
    expect(mid.awaiting).toBe('name')
  })

  it('a general question about how long approval takes is a question, not a status', async () => {
    const reply = await fresh()('工伤保险申请一般多久能批下来')
    expect(said(reply)).not.toMatch(/还没有通过我提交过申请/)
  })
})

describe('the consent step can be left', () => {
  it.each(['不了', '先不了', '算了', '不用了谢谢', '再考虑一下', '以后再说吧'])('by saying %s', async (text) => {
    const say = fresh()
    await say('我想申请新业态工伤保险', 'consent')
    const reply = await say(text)
    expect(reply.form).toBeNull()
    expect(said(reply)).toMatch(/不会收集任何个人信息|已取消/)
  })

  it.each(['要交钱吗？', '这个保险一个月多少钱', '办了有什么好处'])('by asking a question (%s): answered, nothing kept, 申请 resumes', async (text) => {
    const say = fresh()
    await say('我想申请新业态工伤保险', 'consent')
    const reply = await say(text)
    expect(reply.form).toBeNull()
    expect(said(reply)).toMatch(/还没有收集您的任何信息/)
    const again = await say('申请')
    expect(again.form).toBe('work_injury_insurance')
    expect(again.awaiting).toBe('consent')
  })

  it('a question about the data itself keeps the form at consent', async () => {
    const say = fresh()
    await say('我想申请新业态工伤保险', 'consent')
    const reply = await say('你们要我身份证干嘛')
    expect(reply.form).toBe('work_injury_insurance')
    expect(reply.awaiting).toBe('consent')
  })
})

describe('a request no form takes gets where to go instead', () => {
  it.each([
    ['我要报名参加技能培训', /项目制培训/], ['我想评职称', /职称申报渠道/], ['我想申请购车贷款', /营运车辆购置总额/],
    ['帮我办一下意外险', /由平台承担费用/],
  ])('%s', async (text, words) => {
    const reply = await fresh()(text)
    expect(reply.form).toBeNull()
    expect(said(reply)).toMatch(words)
    expect(said(reply)).toMatch(/不在这里登记办理/)
    expect(said(reply)).toMatch(/12333|人社/)
  })

  it('a question about it is answered from the document instead', async () => {
    const reply = await fresh()('培训怎么报名')
    expect(said(reply)).not.toMatch(/不在这里登记办理/)
  })
})
