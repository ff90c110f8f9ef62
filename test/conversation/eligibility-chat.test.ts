// The eligibility check in chat starts from what the conversation knows and asks only what would change a
// result; its summary is short and grouped, numbered for reasons (3) and applying (申请3); 继续 asks the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { said, worker } from './support.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

let n = 0
const fresh = () => worker(t, `elig-${++n}`)
const GROUPS = /【(?:可以申请|可能可以|需要再确认|文件未涉及|不符合)】/

describe('an opening message with facts gets results at once', () => {
  it.each<[string, RegExp[]]>([
    ['我在宁波送外卖三年了，本地户口，我能享受哪些政策', [/工伤保险/, /养老/, /外卖送餐、宁波本市户籍、灵活就业/]],
    ['跑滴滴的，外地户口，我能申请什么', [/网约车、外地户籍、灵活就业/, /【文件未涉及】[\s\S]*职工养老保险/]],
    ['我是开网约车的本地人，专职的，想买辆新车，我符合哪些', [/购车创业贷款/]],
    ['我是快递员，宁波户口，打零工的，有什么政策适合我', [/加入工会/, /新业态工伤保险/]],
  ])('%s', async (text, facts) => {
    const reply = await fresh()(text)
    const body = said(reply)
    expect(reply.awaiting, body).toBeNull()
    expect(body).toMatch(GROUPS)
    expect(body.length).toBeLessThanOrEqual(600)
    for (const f of facts) expect(body).toMatch(f)
    expect(body).toMatch(/回复编号看理由/)
    expect(body).toMatch(/申请/)
  })

  it('a message with some facts gets results at once; what is missing shows as 需要再确认, and 继续 asks it', async () => {
    const say = fresh()
    const first = await say('我是跑外卖的，我能申请什么')
    expect(first.awaiting).toBeNull()
    expect(said(first)).toMatch(/【需要再确认】[\s\S]*职工养老保险（要看户籍）/)
    const next = await say('继续')
    expect(['industry', 'workType']).not.toContain(next.awaiting)
  })

  it('an answer may carry several facts (送外卖的，宁波户口): none of them is asked again', async () => {
    const say = fresh()
    expect((await say('我能申请哪些')).awaiting).toBe('workType')
    const reply = await say('送外卖的，宁波户口')
    expect(reply.awaiting).toBeNull()
    expect(said(reply)).toMatch(/外卖送餐、宁波本市户籍、灵活就业/)
  })

  it('free-text work (代驾, 保姆, 装修, 跑腿) is mapped to an industry, not 其他', async () => {
    for (const [job, label] of [['代驾', '网约车'], ['保姆', '养老服务或医养照护'], ['装修', '建设施工'], ['跑腿', '快递物流']]) {
      const say = fresh()
      await say('我能申请什么', 'workType')
      let reply = await say(`我是做${job}的`)
      expect(reply.awaiting, job).not.toBe('industry')
      for (let i = 0; i < 3 && reply.awaiting; i++) reply = await say(reply.awaiting === 'hukou' ? '宁波户口' : '1')
      expect(said(reply), job).toContain(label)
    }
  })
})

describe('asking what one can get, in many words, starts the check', () => {
  it.each([
    '有哪些政策我可以享受', '像我这种情况能享受什么', '我是开出租的外地人，有什么能申请的', '帮我查查我能拿哪些补贴',
    '我是送快递的，哪些福利我能拿到', '我能办哪些', '我这种情况可以申请什么', '我符合哪些政策', '有什么政策适合我',
    '我65岁了还在建筑工地干活，我能有什么保障',
  ])('%s', async (text) => {
    const reply = await fresh()(text)
    expect(reply.awaiting !== null || GROUPS.test(said(reply)), said(reply)).toBe(true)
  })

  it.each(['加入工会我能享受什么', '我能申请工伤保险吗', '新业态工伤保险有什么待遇'])('%s is a question about one programme', async (text) => {
    const reply = await fresh()(text)
    expect(reply.awaiting).toBeNull()
    expect(said(reply)).not.toMatch(GROUPS)
  })

  it('我在宁波开了个网店两年了，本地人，能申请什么扶持: results at once, from the facts stated', async () => {
    const reply = await fresh()('我在宁波开了个网店两年了，本地人，能申请什么扶持')
    expect(reply.awaiting).toBeNull()
    expect(said(reply)).toMatch(/电子商务、宁波本市户籍、自己当老板/)
    expect(said(reply)).toMatch(/创业担保贷款（要看开业日期）/)
  })
})

describe('facts already given are used', () => {
  it('a submitted form: industry is not asked again', async () => {
    const say = fresh()
    await say('我想加入工会')
    await say('同意')
    await say('王芳')
    await say('13800138000')
    await say('养老院当护工', 'confirm')
    await say('确认')
    const reply = await say('我还能申请什么')
    expect(reply.awaiting).not.toBe('industry')
    if (reply.awaiting) await say('1')
  })

  it('a form started after the check does not ask the industry again', async () => {
    const say = fresh()
    const summary = await say('我在宁波送外卖，本地户口，我能享受哪些政策')
    const line = said(summary).split('\n').find((l) => l.includes('新业态工伤保险'))!
    const number = /^(\d+)\./.exec(line)![1]
    const form = await say(`申请${number}`)
    expect(form.form).toBe('work_injury_insurance')
    expect(said(form)).toMatch(/从业行业：外卖送餐/)
    await say('同意', 'name')
    await say('赵敏', 'phone')
    await say('13800138000', 'idNumber')
    await say('11010519491231002X', 'platform')
  })
})

describe('replies to the summary', () => {
  it('a number shows that programme\'s reasons with the document\'s words; 申请 + number applies or refers', async () => {
    const say = fresh()
    const summary = said(await say('我在宁波送外卖，本地户口，我能享受哪些政策'))
    const numberOf = (name: string) => /^(\d+)\./.exec(summary.split('\n').find((l) => l.includes(name))!)![1]
    const pension = await say(numberOf('职工养老保险'))
    expect(said(pension)).toMatch(/文件原文/)
    expect(said(pension)).toMatch(/第三部分（二）/)
    const training = await say(`申请${numberOf('技能培训')}`)
    expect(training.form).toBeNull()
    expect(said(training)).toMatch(/12333|人社/)
  })

  it('继续 asks the remaining deciding facts one by one, then the summary again with nothing to confirm', async () => {
    const say = fresh()
    await say('我在宁波送外卖，本地户口，我能享受哪些政策')
    let reply = await say('继续')
    const asked: string[] = []
    for (let i = 0; i < 15 && reply.awaiting; i++) {
      expect(asked).not.toContain(reply.awaiting)
      asked.push(reply.awaiting)
      reply = await say('不是')
    }
    expect(asked).not.toContain('industry')
    expect(asked).not.toContain('hukou')
    expect(said(reply)).not.toMatch(/【需要再确认】/)
    expect(said(reply)).toMatch(/【不符合】/)
  })

  it('a bare number with no summary shown is just a message', async () => {
    const reply = await fresh()('3')
    expect(reply.form).toBeNull()
  })
})
