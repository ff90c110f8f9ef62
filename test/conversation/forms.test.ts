// Every form of CONTRACT.md, completed end to end through POST /api/chat only, the way workers really type:
// full-width digits, +86, a lower-case x, "2023年5月", "两万元", "是的". The stored values are normalised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { chat, expectConsentRequest, ID, ID_LOWER_X, said, worker } from './support.js'

let t: TestApp

beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

interface Step { text: string; awaiting: string | null }

/** Runs a form from its trigger to 确认 and returns the stored application. */
async function complete(userId: string, trigger: string, formId: string, steps: Step[], confirm = '确认') {
  const say = worker(t, userId)
  const start = await say(trigger)
  expect(start.form).toBe(formId)
  expectConsentRequest(start)
  let last = await say('同意')
  for (const step of steps) {
    expect(last.form).toBe(formId)
    last = await say(step.text, step.awaiting)
  }
  expect(last.awaiting).toBe('confirm')
  const summaryText = said(last)
  const done = await say(confirm, null)
  expect(done.form).toBeNull()
  expect(done.applicationId).toMatch(/^[A-Z0-9]{6,}$/)
  expect(said(done)).toContain(done.applicationId!)
  const stored = await t.app.applications.get(done.applicationId!)
  expect(stored, 'application stored before the user is told').toBeDefined()
  expect(stored!.form).toBe(formId)
  expect(stored!.channel).toBe('api')
  expect(stored!.userId).toBe(userId)
  return { stored: stored!, summaryText, applicationId: done.applicationId! }
}

describe('the five forms, end to end over /api/chat', () => {
  it('work_injury_insurance: full-width phone with +86, lower-case x, everyday industry words', async () => {
    const { stored, summaryText } = await complete('wi-1', '我想申请新业态工伤保险', 'work_injury_insurance', [
      { text: '张三', awaiting: 'phone' },
      { text: '＋86 138-0013-8000', awaiting: 'idNumber' },
      { text: ID_LOWER_X, awaiting: 'industry' },
      { text: '送外卖的', awaiting: 'platform' },
      { text: '美团', awaiting: 'confirm' },
    ])
    expect(stored.fields).toMatchObject({
      name: '张三', phone: '13800138000', idNumber: ID, industry: 'food_delivery', platform: '美团', consent: true,
    })
    expect(stored.fields.consentNoticeVersion).toEqual(expect.any(String))
    expect(Date.parse(String(stored.fields.consentAt))).not.toBeNaN()
    // The summary masks ID and phone.
    expect(summaryText).toContain('110***********002X')
    expect(summaryText).toContain('138****8000')
    expect(summaryText).not.toContain('13800138000')
    expect(summaryText).not.toContain(ID)
  })

  it('social_insurance_subsidy: full-width digits, hukou in everyday words, 是的 confirms', async () => {
    const { stored } = await complete('sis-1', '我要申请灵活就业社保补贴', 'social_insurance_subsidy', [
      { text: '我叫李四', awaiting: 'phone' },
      { text: '１３７ ００１３ ７０００', awaiting: 'idNumber' },
      { text: '身份证号是 ' + ID, awaiting: 'hukou' },
      { text: '宁波户口', awaiting: 'confirm' },
    ], '是的')
    expect(stored.fields).toMatchObject({ name: '李四', phone: '13700137000', idNumber: ID, hukou: 'ningbo' })
  })

  it('startup_loan: 2023年5月 and 两万元 arrive as a YYYY-MM-DD date and a number of yuan', async () => {
    const { stored, summaryText } = await complete('sl-1', '我想申请创业担保贷款', 'startup_loan', [
      { text: '赵六', awaiting: 'phone' },
      { text: '+8613900139000', awaiting: 'idNumber' },
      { text: ID, awaiting: 'businessStartDate' },
      { text: '2023年5月', awaiting: 'loanAmount' },
      { text: '两万元', awaiting: 'confirm' },
    ], '对')
    expect(stored.fields).toMatchObject({ name: '赵六', phone: '13900139000', idNumber: ID, businessStartDate: '2023-05-01', loanAmount: 20000 })
    expect(stored.fields.businessStartDatePrecision).toBe('month') // the day was not given: 01 is a placeholder
    expect(typeof stored.fields.loanAmount).toBe('number')
    expect(summaryText).toContain('2023年5月')
  })

  it('startup_loan: 2023.5.1 and 20万', async () => {
    const { stored } = await complete('sl-2', '申请创业贷款', 'startup_loan', [
      { text: '钱小二', awaiting: 'phone' },
      { text: '13900139000', awaiting: 'idNumber' },
      { text: ID, awaiting: 'businessStartDate' },
      { text: '2023.5.1', awaiting: 'loanAmount' },
      { text: '20万', awaiting: 'confirm' },
    ])
    expect(stored.fields).toMatchObject({ businessStartDate: '2023-05-01', loanAmount: 200000 })
  })

  it('wage_arrears: employer, money in words and a free description kept as written', async () => {
    const description = '在工地干了三个月，从今年8月开始没发工资'
    const { stored } = await complete('wa-1', '我要申请欠薪维权求助', 'wage_arrears', [
      { text: '钱七', awaiting: 'phone' },
      { text: '138 0013 8000', awaiting: 'employer' },
      { text: '宁波某某建筑公司', awaiting: 'amountOwed' },
      { text: '欠了我两万五千块', awaiting: 'description' },
      { text: description, awaiting: 'confirm' },
    ], '嗯')
    expect(stored.fields).toMatchObject({ name: '钱七', phone: '13800138000', employer: '宁波某某建筑公司', amountOwed: 25000, description })
  })

  it('wage_arrears: a description with a question word is still the description', async () => {
    const { stored } = await complete('wa-2', '我要讨薪', 'wage_arrears', [
      { text: '孙九', awaiting: 'phone' },
      { text: '13800138000', awaiting: 'employer' },
      { text: '公司叫什么不知道，老板姓刘', awaiting: 'amountOwed' },
      { text: '8000元', awaiting: 'description' },
      { text: '干了多少天记不清了，反正从8月开始没发工资', awaiting: 'confirm' },
    ])
    expect(stored.fields.employer).toContain('老板姓刘')
    expect(stored.fields.amountOwed).toBe(8000)
    expect(stored.fields.description).toBe('干了多少天记不清了，反正从8月开始没发工资')
  })

  it('wage_arrears: a description over the limit is asked for again, never cut to its first clause', async () => {
    const say = worker(t, 'wa-long')
    await say('我要讨薪')
    await say('同意')
    await say('周九', 'phone')
    await say('13800138000', 'employer')
    await say('阿强装修队', 'amountOwed')
    await say('8000元', 'description')
    const story = `2025年3月到8月我在鄞州阿强装修队做木工，${'每天早出晚归干活，老板一直说月底结账，'.repeat(30)}最后人跑了。`
    expect(story.length).toBeGreaterThan(500)
    const tooLong = await say(story, 'description')
    expect(said(tooLong)).toMatch(/500个字以内/)
    const kept = await say('2025年3月到8月在阿强装修队做木工，老板一直没结工资，后来人跑了。', 'confirm')
    expect(said(kept)).toContain('后来人跑了')
  })

  it('union_membership: an industry outside the list is sent as other, with the worker\'s own words beside it', async () => {
    const { stored } = await complete('um-other', '我想加入工会', 'union_membership', [
      { text: '孙九', awaiting: 'phone' },
      { text: '13800138000', awaiting: 'industry' },
      { text: '做家政保洁', awaiting: 'confirm' },
    ])
    expect(stored.fields.industry).toBe('other')
    expect(String(stored.fields.industryDetail)).toContain('家政保洁')
  })

  it('union_membership: ride-hailing in everyday words', async () => {
    const { stored } = await complete('um-1', '我想加入工会', 'union_membership', [
      { text: '孙八', awaiting: 'phone' },
      { text: '13800138000', awaiting: 'industry' },
      { text: '跑滴滴的', awaiting: 'confirm' },
    ])
    expect(stored.fields).toMatchObject({ name: '孙八', phone: '13800138000', industry: 'ride_hailing' })
  })

  it('GET /api/applications lists the submitted applications with personal data masked', async () => {
    const list = await t.get('/api/applications?limit=500')
    expect(list.status).toBe(200)
    const mine = list.body.applications.find((a: { form: string }) => a.form === 'work_injury_insurance')
    expect(mine.fields.phone).toBe('138****8000')
    expect(mine.fields.idNumber).toBe('110***********002X')
    expect(JSON.stringify(list.body)).not.toContain('13800138000')
  })
})

describe('submitting', () => {
  it('confirming twice (or three times at once) never makes two applications', async () => {
    const say = worker(t, 'dup-1')
    await say('我想加入工会', 'consent')
    await say('同意', 'name')
    await say('周一', 'phone')
    await say('13800138000', 'industry')
    await say('快递', 'confirm')
    const [a, b, c] = await Promise.all([chat(t, 'dup-1', '确认'), chat(t, 'dup-1', '确认'), chat(t, 'dup-1', '确认')])
    expect(a.applicationId).toMatch(/^[A-Z0-9]+$/)
    // The repeats name the same application (a client retrying a lost reply learns its number), and make none.
    expect(b.applicationId).toBe(a.applicationId)
    expect(c.applicationId).toBe(a.applicationId)
    expect(said(b)).toContain(a.applicationId!)
    expect(said(b)).toMatch(/不会重复提交/)
    const later = await say('确认')
    expect(later.applicationId).toBe(a.applicationId)
    expect(said(later)).toContain(a.applicationId!)
    expect(said(await say('好的'))).toMatch(/不会重复提交/)
    const mine = await t.app.applications.forUser('dup-1')
    expect(mine.map((m) => m.id)).toEqual([a.applicationId])
  })

  it('我的申请 lists what was submitted with its reference number', async () => {
    const reply = await chat(t, 'dup-1', '我的申请')
    const [app] = await t.app.applications.forUser('dup-1')
    expect(said(reply)).toContain(app.id)
    expect(said(reply)).toContain('加入工会申请')
  })
})
