// Conversation repair through POST /api/chat: bad answers re-asked with a hint, help after three misses, cancel,
// digressions, several fields at once, corrections before confirming, changing one's mind, and consent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { expectConsentRequest, ID, said, worker } from './support.js'

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

  it('refusing consent cancels the form without asking anything personal', async () => {
    const say = worker(t, 'consent-refused')
    await say('我想申请创业担保贷款', 'consent')
    const reply = await say('不同意', null)
    expect(reply.form).toBeNull()
    expect(said(reply)).toMatch(/不会收集/)
  })
})
