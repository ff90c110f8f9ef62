// Conversation repair through POST /api/chat: bad answers re-asked with a hint, help after three misses, cancel,
// digressions, several fields at once, corrections before confirming, changing one's mind, and consent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { expectConsentRequest, fillUnionForm, ID, said, worker } from './support.js'
import { loadForms } from '../../src/intake/index.js'

let t: TestApp

beforeAll(async () => {
  t = await startTestApp({ REFERRAL_TEXT: '请拨打12333咨询' })
})
afterAll(async () => {
  await t?.close()
})

/** Starts the work-injury form and answers up to (not including) the field asked for last. */
async function toPhone(userId: string) {
  const say = worker(t, userId)
  await say('我想申请新业态工伤保险', 'consent')
  await say('同意', 'name')
  await say('张三', 'phone')
  return say
}

describe('invalid answers', () => {
  it('a bad phone number is re-asked with a hint, and the third miss offers help instead of looping', async () => {
    const say = await toPhone('bad-phone')
    const first = await say('1380013800', 'phone')
    expect(said(first)).toMatch(/11位/)
    expect(said(first)).toContain('10位')
    const second = await say('abc', 'phone')
    expect(said(second)).toMatch(/手机号/)
    const third = await say('138001380000', 'phone')
    const help = said(third)
    expect(help).not.toBe(said(first))
    expect(help).toMatch(/取消/)
    expect(help).toContain('请拨打12333咨询')
    expect(help).toMatch(/问我问题/)
    // Help is offered, the form is still there, and a good answer goes on.
    await say('+86 138 0013 8000', 'idNumber')
  })

  it('a bad ID number is re-asked with what is wrong with it, and the third miss offers help', async () => {
    const say = await toPhone('bad-id')
    await say('13800138000', 'idNumber')
    expect(said(await say('110105194912310021', 'idNumber'))).toMatch(/校验位/)
    expect(said(await say('110105491231002', 'idNumber'))).toMatch(/15位|18位/)
    const third = said(await say('110105194913310020', 'idNumber'))
    expect(third).toMatch(/取消/)
    expect(third).toContain('请拨打12333咨询')
    await say('11010519491231002x', 'industry')
  })

  it('a misses count starts over once a field is answered', async () => {
    const say = await toPhone('miss-reset')
    await say('123', 'phone')
    await say('13800138000', 'idNumber')
    const next = said(await say('123', 'idNumber'))
    expect(next).toMatch(/18位/)
    expect(next).not.toMatch(/不太好填/)
  })
})

describe('cancel', () => {
  it.each(['取消', '不办了', '算了不办了', '不申请了'])('%s in the middle ends the form and drops its data', async (text) => {
    const say = await toPhone(`cancel-${text}`)
    await say('13800138000', 'idNumber')
    const reply = await say(text, null)
    expect(reply.form).toBeNull()
    expect(said(reply)).toMatch(/已取消/)
    // Starting again begins from consent: nothing from the cancelled form is kept.
    const again = await say('我想申请新业态工伤保险', 'consent')
    expectConsentRequest(again)
    await say('同意', 'name')
  })

  it('a question about cancelling is not a cancel', async () => {
    const say = await toPhone('cancel-question')
    const reply = await say('取消工伤保险要怎么办？')
    expect(reply.form).toBe('work_injury_insurance')
    expect(reply.awaiting).toBe('phone')
  })
})

describe('digressions', () => {
  it('a policy question mid-form is answered, the form resumes with a reminder, and nothing is filled from it', async () => {
    const say = await toPhone('digress')
    await say('13800138000', 'idNumber')
    const reply = await say('送外卖能交工伤保险吗？', 'idNumber')
    const text = said(reply)
    expect(reply.form).toBe('work_injury_insurance')
    expect(text).toMatch(/工伤保险/)
    expect(text).toMatch(/来源/)
    expect(text).toMatch(/我们继续办理.*身份证/)
    // 送外卖 in the question did not answer the industry question.
    await say(ID, 'industry')
  })

  it('a question at the summary is answered and the summary waits for 确认', async () => {
    const say = await toPhone('digress-confirm')
    await say('13800138000')
    await say(ID)
    await say('外卖')
    await say('美团', 'confirm')
    const reply = await say('社保补贴每月多少钱？', 'confirm')
    expect(said(reply)).toMatch(/450/)
    expect(said(reply)).toMatch(/确认/)
  })

  it.each([
    ['我的申请', /没有通过我提交过申请/],
    ['我能申请什么', /取消/],
    ['你好', /您好/],
    ['谢谢', /不客气/],
  ])('%s mid-form gets its own answer and a reminder, and is not read as an answer', async (text, expected) => {
    const say = await toPhone(`mid-${text}`)
    const reply = await say(text, 'phone')
    expect(said(reply)).toMatch(expected)
    expect(said(reply)).toMatch(/我们继续办理.*手机号/)
    expect(said(reply)).not.toMatch(/不太好填/)
  })

  it('asking about another programme mid-form (怎么入会, 我想问一下加入工会的事) is answered, the form kept', async () => {
    const say = await toPhone('ask-other')
    for (const text of ['怎么入会', '我想问一下加入工会的事']) {
      const reply = await say(text, 'phone')
      expect(reply.form).toBe('work_injury_insurance')
      expect(said(reply)).toMatch(/工会/)
      expect(said(reply)).toMatch(/我们继续办理/)
    }
  })

  it('help mid-form shows the menu and where the form was', async () => {
    const say = await toPhone('help-mid')
    const reply = await say('帮助', 'phone')
    expect(said(reply)).toMatch(/我能申请什么/)
    expect(said(reply)).toMatch(/手机号/)
  })
})

describe('several fields in one message and corrections', () => {
  it('我叫李四，手机13700137000 fills both; corrections re-show the summary; the stored values are the corrected ones', async () => {
    const say = worker(t, 'multi')
    await say('我要申请灵活就业社保补贴', 'consent')
    await say('同意', 'name')
    await say('我叫李四，手机13700137000', 'idNumber')
    await say(ID, 'hukou')
    const summary = await say('外地户口', 'confirm')
    expect(said(summary)).toContain('李四')
    expect(said(summary)).toContain('137****7000')

    const phone = said(await say('电话改成13900139000', 'confirm'))
    expect(phone).toContain('139****9000')
    expect(phone).toMatch(/请核对/)
    expect(phone).not.toContain('13900139000')

    const name = said(await say('名字写错了，是王五', 'confirm'))
    expect(name).toContain('王五')
    expect(name).toMatch(/请核对/)

    const hukou = said(await say('户口改成宁波户口', 'confirm'))
    expect(hukou).toMatch(/户籍：宁波/)

    const done = await say('确认', null)
    const stored = await t.app.applications.get(done.applicationId!)
    expect(stored!.fields).toMatchObject({ name: '王五', phone: '13900139000', idNumber: ID, hukou: 'ningbo' })
  })

  it('name, phone and ID all at once, then a correction before the summary keeps the question asked', async () => {
    const say = worker(t, 'multi-3')
    await say('我想申请新业态工伤保险', 'consent')
    await say('同意', 'name')
    await say(`我叫赵四，手机 137-0013-7000，身份证${ID}`, 'industry')
    const fix = await say('不对，电话是13600136000', 'industry')
    expect(said(fix)).toContain('136****6000')
    await say('开网约车', 'platform')
    await say('滴滴', 'confirm')
    const done = await say('确认', null)
    const stored = await t.app.applications.get(done.applicationId!)
    expect(stored!.fields).toMatchObject({ name: '赵四', phone: '13600136000', idNumber: ID, industry: 'ride_hailing', platform: '滴滴' })
  })

  it('corrections without a correction verb: 手机号码是错的，应该是…, 刚才的手机号不对 …, 不是20万，是30万', async () => {
    const say = worker(t, 'implicit-fix')
    await say('我想申请创业担保贷款')
    await say('同意')
    await say('张三')
    await say('13800138000')
    await say(ID)
    await say('2023年5月')
    await say('20万', 'confirm')
    expect(said(await say('手机号码是错的，应该是13900139000', 'confirm'))).toContain('139****9000')
    expect(said(await say('刚才的手机号不对 13900139002', 'confirm'))).toContain('139****9002')
    expect(said(await say('不是20万，是30万', 'confirm'))).toMatch(/300000元/)
    // A question that mentions an amount is answered, not taken as a change.
    const question = await say('贷款最多能贷多少，50万可以吗？', 'confirm')
    expect(said(question)).not.toMatch(/已把/)
    const done = await say('确认', null)
    const stored = await t.app.applications.get(done.applicationId!)
    expect(stored!.fields).toMatchObject({ phone: '13900139002', loanAmount: 300000 })
  })

  it('an invalid correction is re-asked on that field', async () => {
    const say = await toPhone('bad-fix')
    await say('13800138000', 'idNumber')
    const reply = await say('电话改成1390013900', 'phone')
    expect(said(reply)).toMatch(/11位/)
    await say('13900139000', 'idNumber')
  })

  it('改一下身份证 asks for it again, then goes back to the summary', async () => {
    const say = await toPhone('fix-named')
    await say('13800138000')
    await say(ID)
    await say('外卖')
    await say('美团', 'confirm')
    await say('改一下身份证', 'idNumber')
    const back = await say(ID, 'confirm')
    expect(said(back)).toMatch(/请核对/)
  })

  it('changing one\'s mind to another form starts that one (from consent) and drops the first', async () => {
    const say = await toPhone('switch')
    const same = await say('我想申请新业态工伤保险', 'phone')
    expect(said(same)).toMatch(/继续办理/)
    const other = await say('算了，还是申请社保补贴吧')
    expect(other.form).toBe('social_insurance_subsidy')
    expectConsentRequest(other)
    expect(said(other)).toMatch(/先不办了/)
  })

  it('a bare request for another form, with answers given, asks before dropping them', async () => {
    const say = await toPhone('switch-ask')
    const asked = await say('我要申请灵活就业社保补贴', 'phone')
    expect(asked.form).toBe('work_injury_insurance')
    expect(said(asked)).toMatch(/已经填了1项。要放弃它、改办灵活就业人员社保补贴/)
    const no = await say('否', 'phone')
    expect(no.form).toBe('work_injury_insurance')
    await say('我要申请灵活就业社保补贴', 'phone')
    const yes = await say('是')
    expect(yes.form).toBe('social_insurance_subsidy')
    expectConsentRequest(yes)
  })

  it('a switch question left unanswered lapses: a later 是 answers the form, it does not switch', async () => {
    const say = worker(t, 'switch-lapse')
    await say('我要申请灵活就业社保补贴')
    await say('同意', 'name')
    await say('钱八', 'phone')
    await say('13800138000', 'idNumber')
    await say('我想申请新业态工伤保险', 'idNumber') // asks whether to switch
    await say('你好', 'idNumber') // not an answer to that
    const later = await say('是', 'idNumber')
    expect(later.form).toBe('social_insurance_subsidy')
  })
})

describe('consent (PIPL)', () => {
  it('nothing personal is asked before an explicit 同意; a vague yes or personal data is not consent', async () => {
    const say = worker(t, 'consent-vague')
    expectConsentRequest(await say('我想加入工会'))
    const vague = await say('好的', 'consent')
    expect(said(vague)).toMatch(/同意/)
    const early = await say('我叫李四，手机13700137000', 'consent')
    expect(said(early)).toMatch(/同意/)
    await say('同意', 'name')
    // The data sent before consent was not kept: the name is asked for.
  })

  it('同意 followed by answers in the same message records the consent, then reads the answers', async () => {
    const say = worker(t, 'consent-and-more')
    await say('我想申请新业态工伤保险', 'consent')
    const reply = await say('同意，我叫张三，手机13800138000', 'idNumber')
    expect(said(reply)).toMatch(/已记录您的同意/)
    await say(ID, 'industry')
    await say('外卖', 'platform')
    await say('美团', 'confirm')
    const done = await say('确认', null)
    const stored = await t.app.applications.get(done.applicationId!)
    expect(stored!.fields).toMatchObject({ consent: true, name: '张三', phone: '13800138000' })
    expect(stored!.fields.consentAt).toEqual(expect.any(String))
  })

  it('refusing consent cancels the form without asking anything personal', async () => {
    const say = worker(t, 'consent-refused')
    await say('我想申请创业担保贷款', 'consent')
    const reply = await say('不同意', null)
    expect(reply.form).toBeNull()
    expect(said(reply)).toMatch(/不会收集/)
  })
})

describe('the way people really type', () => {
  it('values given beside the one asked for are kept and acknowledged (masked); spaced names and grouped IDs are read', async () => {
    const say = worker(t, 'typing-1')
    await say('我想申请创业担保贷款', 'consent')
    await say('同意', 'name')
    const early = await say('手机 +86 138-0013-8000', 'name')
    expect(said(early)).toMatch(/已记下手机号：138\*\*\*\*8000/)
    await say('我是 张 三', 'idNumber')
    await say('110105 19491231 002x', 'businessStartDate')
    await say('23年5月', 'loanAmount')
    await say('二十万', 'confirm')
    const done = await say('嗯', null)
    const stored = await t.app.applications.get(done.applicationId!)
    expect(stored!.fields).toMatchObject({ name: '张三', phone: '13800138000', idNumber: ID, businessStartDate: '2023-05-01', loanAmount: 200000 })
  })

  it('the profile\'s own codes (ride_hailing, ningbo) are accepted as answers, as a program would send them', async () => {
    const say = await toPhone('codes')
    await say('13800138000')
    await say(ID, 'industry')
    await say('ride_hailing', 'platform')
    const sis = worker(t, 'codes-2')
    await sis('我要申请灵活就业社保补贴')
    await sis('同意')
    await sis('张三')
    await sis('13800138000')
    await sis(ID, 'hukou')
    expect(said(await sis('ningbo', 'confirm'))).toMatch(/户籍：宁波户籍/)
  })

  it('饿了么 is a platform, not a question; 确认 before the form is complete is not an answer', async () => {
    const say = await toPhone('eleme')
    await say('13800138000')
    await say(ID, 'industry')
    const early = await say('确认', 'industry')
    expect(said(early)).toMatch(/没填完/)
    await say('外卖配送', 'platform')
    await say('饿了么', 'confirm')
    const done = await say('确认', null)
    const stored = await t.app.applications.get(done.applicationId!)
    expect(stored!.fields).toMatchObject({ industry: 'food_delivery', platform: '饿了么' })
  })

  it('"why do you need my ID?" is answered from the privacy notice; 是 answers a yes-or-no question', async () => {
    const say = worker(t, 'why-id')
    await say('我要申请灵活就业社保补贴', 'consent')
    const why = await say('你们要我身份证干嘛', 'consent')
    expect(said(why)).toMatch(/收集目的/)
    expect(said(why)).toMatch(/同意/)
    await say('同意', 'name')
    const name = await say('为什么要填名字？', 'name')
    expect(said(name)).toMatch(/接收方/)
    await say('张三', 'phone')
    await say('13800138000', 'idNumber')
    await say(ID, 'hukou')
    const summary = await say('是', 'confirm')
    expect(said(summary)).toMatch(/户籍：宁波/)
  })

  it('a description that mentions a phone and asks itself why is still the description', async () => {
    const say = worker(t, 'desc-words')
    await say('我要申请欠薪维权求助')
    await say('同意')
    await say('钱七')
    await say('13800138000', 'employer')
    await say('老板姓刘', 'amountOwed')
    await say('八千', 'description')
    const text = '老板电话一直不接，不知道为什么不给钱'
    await say(text, 'confirm')
    const done = await say('确认', null)
    const stored = await t.app.applications.get(done.applicationId!)
    expect(stored!.fields).toMatchObject({ employer: '老板姓刘', amountOwed: 8000, description: text })
  })

  it('an ineligible pre-check is explained, 为什么 explains it again, and the user chooses (不了 cancels)', async () => {
    const say = worker(t, 'ineligible-1')
    await say('我想申请创业担保贷款')
    await say('同意')
    await say('张三')
    await say('13800138000')
    await say(ID, 'businessStartDate')
    const check = await say('2015年3月', 'proceed')
    expect(said(check)).toMatch(/不符合/)
    expect(said(check)).toMatch(/5年/)
    const why = await say('为什么不符合？', 'proceed')
    expect(said(why)).toMatch(/5年/)
    const no = await say('不了', null)
    expect(no.form).toBeNull()
  })

  it('choosing to go on despite the pre-check submits, with the eligibility result attached', async () => {
    const say = worker(t, 'ineligible-2')
    await say('我想申请创业担保贷款')
    await say('同意')
    await say('张三')
    await say('13800138000')
    await say(ID)
    await say('2015年3月', 'proceed')
    await say('继续', 'loanAmount')
    await say('10万', 'confirm')
    const done = await say('确认', null)
    const stored = await t.app.applications.get(done.applicationId!)
    // Every programme's result, as /api/eligibility gives them; the loan's says why it was refused.
    expect(stored!.eligibility).toHaveLength(14)
    expect(stored!.eligibility).toContainEqual(expect.objectContaining({ programId: 'startup_guarantee_loan', status: 'ineligible' }))
  })
})

describe('personal data in the message that starts a form', () => {
  it('is not kept before consent, and the worker is told so', async () => {
    const say = worker(t, 'offered-early')
    const start = await say('我想申请新业态工伤保险，我叫李四，手机13812345678', 'consent')
    expect(said(start)).toMatch(/刚才发的个人信息我先没有保存/)
    expect(said(start)).not.toContain('13812345678')
    expect(said(await say('同意'))).toMatch(/姓名/)
  })

  it('is not claimed for who someone is or a plain nod', async () => {
    expect(said(await worker(t, 'offered-industry')('我是外卖骑手，想申请新业态工伤保险', 'consent'))).not.toMatch(/没有保存/)
    for (const text of ['❓', '[图片]']) expect(said(await worker(t, `not-a-nod-${text}`)(text)), text).not.toMatch(/^好的。还有问题随时问我/)
  })

  it('is not claimed for a plain request to apply, whatever its wording', async () => {
    const forms = loadForms('knowledge/forms')
    for (const form of forms) {
      for (const trigger of form.triggers) {
        const reply = await worker(t, `plain-start-${form.id}-${trigger}`)(trigger)
        expect(said(reply), trigger).not.toMatch(/没有保存/)
      }
    }
  })
})

describe('a short question in the middle of a form', () => {
  it('is answered about the form\'s programme when it says too little on its own', async () => {
    const say = worker(t, 'mid-form-short')
    await say('我想申请创业担保贷款')
    await say('同意', 'name')
    const reply = said(await say('能贷多少', 'name'))
    expect(reply).toMatch(/第二部分（一）/)
    expect(reply).toMatch(/创业担保贷款/)
    expect(reply).toMatch(/姓名/) // and the form goes on
    // A question about nothing programme-like gets no programme's text.
    expect(said(await say('你是机器人吗？', 'name'))).not.toMatch(/第二部分/)
  })

  it('words that only mention deleting or submitting, inside an answer or a correction, are not commands', async () => {
    const wage = worker(t, 'not-commands')
    await wage('我要讨薪')
    await wage('同意', 'name')
    await wage('吴九', 'phone')
    await wage('13800138000', 'employer')
    await wage('阿强物流', 'amountOwed')
    await wage('8000元', 'description')
    const story = await wage('在物流园干了半年，平台把我的资料删了，工资不给结', 'confirm')
    expect(said(story)).not.toMatch(/已删除/)
    const fixed = await wage('我提交的手机号错了，改成13900139000', 'confirm')
    expect(said(fixed)).toMatch(/已把手机号改为：139\*\*\*\*9000/)
  })
})

describe('unpaid wages in everyday words', () => {
  it('a question is answered and offered the wage-arrears form; a complaint starts it', async () => {
    const question = said(await worker(t, 'wages-q')('老板欠了我三个月工资怎么办', null))
    expect(question).toMatch(/第五部分（三）/)
    expect(question).toMatch(/想办理的话，回复“申请”（或“我要申请欠薪维权求助”）/)
    const complaint = await worker(t, 'wages-c')('老板欠我8000块工资，我要投诉', 'consent')
    expect(complaint.form).toBe('wage_arrears')
  })
})

describe('outside a form', () => {
  it.each([
    ['取消', /没有正在办理/],
    ['好的', /^好的。还有问题随时问我/],
    ['收到', /^好的。还有问题随时问我/],
    ['知道了，谢谢', /^好的。还有问题随时问我/],
    ['👌', /^好的。还有问题随时问我/],
    ['[强][抱拳]', /^好的。还有问题随时问我/],
    ['确认', /没有需要确认/],
    ['谢谢', /不客气/],
    ['13800138000', /没有正在办理的申请/],
    ['电话改成13900139000', /没有正在办理的申请/],
  ])('%s with no form open gets a short, fitting reply (not "the document does not say")', async (text, expected) => {
    const reply = await worker(t, `idle-${text}`)(text, null)
    expect(said(reply)).toMatch(expected)
    expect(said(reply)).not.toMatch(/没有相关内容/)
  })

  it('after a submit, 取消 and a correction say the application is with the office and how to change it', async () => {
    const say = worker(t, 'after-submit')
    await fillUnionForm(say, '吴八')
    const done = await say('确认', null)
    const cancel = said(await say('取消申请', null))
    expect(cancel).toContain(done.applicationId!)
    expect(cancel).toMatch(/无法在这里撤回/)
    const amend = said(await say('电话改成13912345678', null))
    expect(amend).toContain(done.applicationId!)
    expect(amend).toMatch(/已经提交，这里不能再修改/)
    expect(amend).not.toMatch(/没有开始过，或已经取消/)
    for (const ask of ['我刚才提交的是什么', `申请编号${done.applicationId}`]) expect(said(await say(ask, null)), ask).toContain(done.applicationId!)
  })

  it('a question about where the data goes, asked at the consent step, is answered from the privacy notice', async () => {
    const say = worker(t, 'privacy-at-consent')
    await say('我想加入工会', 'consent')
    const reply = said(await say('你们会把我的信息给平台吗？', 'consent'))
    expect(reply).toMatch(/接收方/)
    expect(reply).not.toMatch(/没有相关内容/)
  })

  it('a phone number sent with no form open is not kept anywhere', async () => {
    await worker(t, 'idle-gap')('13700137999', null)
    const gaps = await t.get('/api/gaps')
    expect(gaps.status).toBe(200)
    expect(JSON.stringify(gaps.body)).not.toContain('13700137999')
  })
})

describe('a bad correction', () => {
  it('keeps the good value it was meant to replace, and the form stays where it was', async () => {
    const { startTestApp } = await import('../helpers/app.js')
    const t = await startTestApp()
    try {
      const chat = async (text: string) => (await t.post('/api/chat', { userId: 'bad-fix', text })).body
      for (const text of ['我想加入工会', '同意', '王小明', '13800138000', '送快递']) await chat(text)
      const atSummary = await chat('确认信息前先看看')
      expect(atSummary.awaiting).toBe('confirm')
      const bad = await chat('电话改成12345')
      expect(bad.awaiting).toBe('confirm')
      expect(bad.replies.join('\n')).toContain('138****8000')
      const done = await chat('确认')
      expect(done.applicationId).toBeTruthy()
      const stored = await t.app.applications.get(done.applicationId)
      expect(stored!.fields.phone).toBe('13800138000')
    } finally {
      await t.close()
    }
  })
})

describe('a message sent again (retries)', () => {
  const send = (userId: string, text: string, messageId?: unknown) => t.post('/api/chat', { userId, text, messageId })

  it('the same messageId gets the same reply and is not handled twice; a new one is handled', async () => {
    const say = worker(t, 'retry-1')
    await say('我想加入工会', 'consent')
    await say('同意', 'name')
    const first = await send('retry-1', '王小明', 'm-3')
    expect(first.status).toBe(200)
    expect(first.body.awaiting).toBe('phone')
    // The reply was lost; the client sends the same message again: not read as the answer to the phone question.
    const again = await send('retry-1', '王小明', 'm-3')
    expect(again.body).toEqual(first.body)
    const next = await send('retry-1', '13800138000', 'm-4')
    expect(next.body.awaiting).toBe('industry')
    await send('retry-1', '快递', 'm-5')
    const submitted = await send('retry-1', '确认', 'm-6')
    expect(submitted.body.applicationId).toBeTruthy()
    const resent = await send('retry-1', '确认', 'm-6')
    expect(resent.body).toEqual(submitted.body)
    expect((await t.app.applications.forUser('retry-1')).map((a) => a.id)).toEqual([submitted.body.applicationId])
  })

  it('without a messageId a repeat is a new message; a messageId must be a non-empty string', async () => {
    const say = worker(t, 'retry-2')
    await say('我想加入工会', 'consent')
    await say('同意', 'name')
    await say('王小明', 'phone')
    const repeat = await say('王小明', 'phone')
    expect(said(repeat)).toMatch(/手机号/)
    expect((await send('retry-2', '13800138000', 42)).body).toEqual({ error: 'messageId: must be a string' })
    expect((await send('retry-2', '13800138000', ' ')).body).toEqual({ error: 'messageId: must not be empty' })
    expect((await send('retry-2', '13800138000', 'x'.repeat(129))).status).toBe(400)
  })
})
