// Generic conversation repair over any form: several fields at once, corrections, cancel, confirm, summary, triggers.
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import {
  detectCorrection, extractFieldResults, extractFields, isCancel, isConfirm, loadForms, matchFormTrigger, summary, SUMMARY_FOOTER,
  type Form,
} from '../../src/intake/index.js'

const forms = loadForms(join(import.meta.dirname, '../../knowledge/forms'))
const byId = (id: string) => forms.find((f) => f.id === id) as Form
const injury = byId('work_injury_insurance')
const subsidy = byId('social_insurance_subsidy')
const loan = byId('startup_loan')
const wages = byId('wage_arrears')
const union = byId('union_membership')
const today = '2026-11-28'

describe('extractFields', () => {
  it.each<[Form, string, string | null, Record<string, unknown>]>([
    [injury, '我叫李四，手机13700137000', null, { name: '李四', phone: '13700137000' }],
    [injury, '身份证11010519491231002X 电话 138 0013 8000', null, { idNumber: '11010519491231002X', phone: '13800138000' }],
    [injury, '姓名：王五；身份证号：１１０１０５１９４９１２３１００２ｘ', null, { name: '王五', idNumber: '11010519491231002X' }],
    [injury, '李四手机13700137000', null, { phone: '13700137000' }],
    [injury, '李四，13700137000', 'name', { name: '李四', phone: '13700137000' }],
    [injury, '+86 137-0013-7000', 'phone', { phone: '13700137000' }],
    [injury, '我在美团送外卖', 'industry', { industry: 'food_delivery', platform: '美团' }],
    [injury, '11010519491231002X，手机13700137000，我叫赵六', null, { idNumber: '11010519491231002X', phone: '13700137000', name: '赵六' }],
    [subsidy, '我是宁波户口，手机号是13700137000', null, { hukou: 'ningbo', phone: '13700137000' }],
    [loan, '我2023年5月开的店，想贷20万', 'businessStartDate', { businessStartDate: '2023-05-01', loanAmount: 200_000 }],
    [wages, '宁波某某公司，电话13700137000', 'employer', { employer: '宁波某某公司', phone: '13700137000' }],
    [wages, '公司是宁波某某公司，欠了我两万五', null, { employer: '宁波某某公司', amountOwed: 25_000 }],
    [union, '我是快递小哥，叫我小王就行', null, { industry: 'express_logistics' }],
  ])('%#: %s', (form, text, awaiting, expected) => {
    expect(extractFields(form, text, { awaiting, today })).toEqual(expected)
  })

  it('returns only valid values: a bad phone or ID is left out, not guessed', () => {
    expect(extractFields(injury, '我叫李四，手机1370013700', { today })).toEqual({ name: '李四' })
    expect(extractFields(injury, '身份证110105194912310021', { today })).toEqual({})
    expect(extractFields(injury, '工伤保险', { awaiting: 'name', today })).toEqual({})
  })

  it('never extracts consent, and skips fields it is told to', () => {
    expect(extractFields(injury, '同意', { awaiting: 'consent', today })).toEqual({})
    expect(extractFields(injury, '我叫李四，手机13700137000', { skip: ['phone'], today })).toEqual({ name: '李四' })
  })

  it('does not read field names inside other words as labels', () => {
    // 手机 inside a sentence about the boss is not a phone label; the description is the whole message.
    const text = '老板说手机坏了，2024年3月起就不接电话'
    expect(extractFields(wages, text, { awaiting: 'description', skip: ['amountOwed'], today })).toEqual({ description: text })
  })

  it('reports how each value was found, with date precision', () => {
    const found = extractFieldResults(loan, '手机13700137000，2023年5月开业', { awaiting: 'businessStartDate', today })
    expect(found.phone).toMatchObject({ value: '13700137000', source: 'label' })
    expect(found.businessStartDate).toMatchObject({ value: '2023-05-01', meta: { precision: 'month' } })
  })

  it('applies the field\'s own rules (no future business start date)', () => {
    expect(extractFields(loan, '2027年5月开业', { awaiting: 'businessStartDate', today })).toEqual({})
  })
})

describe('detectCorrection', () => {
  it.each<[string, string, string | null]>([
    ['电话改成13900139000', 'phone', '13900139000'],
    ['手机号写错了，应该是13900139000', 'phone', '13900139000'],
    ['手机号码填错了 应该是139 0013 9000', 'phone', '139 0013 9000'],
    ['名字写错了，是王五', 'name', '王五'],
    ['不对，电话是13900139000', 'phone', '13900139000'],
    ['修改电话13900139000', 'phone', '13900139000'],
    ['修改 电话：13900139000', 'phone', '13900139000'],
    ['改成13900139000', 'phone', '13900139000'],
    ['不好意思，身份证号输错了，是11010519491231002X', 'idNumber', '11010519491231002X'],
    ['我的名字改为张三丰', 'name', '张三丰'],
    ['改一下身份证', 'idNumber', null],
    ['我要改电话', 'phone', null],
    ['身份证号码不对', 'idNumber', null],
    ['电话换一下', 'phone', null],
  ])('%s -> %s', (text, fieldId, rawValue) => {
    expect(detectCorrection(injury, text)).toEqual({ fieldId, rawValue })
  })

  it('finds corrections to any form\'s own fields (no per-form code)', () => {
    expect(detectCorrection(loan, '贷款金额改成30万')).toEqual({ fieldId: 'loanAmount', rawValue: '30万' })
    expect(detectCorrection(loan, '开业时间写错了，应该是2022年3月')).toEqual({ fieldId: 'businessStartDate', rawValue: '2022年3月' })
    expect(detectCorrection(subsidy, '户口填错了，是外地户口')).toEqual({ fieldId: 'hukou', rawValue: '外地户口' })
    expect(detectCorrection(wages, '单位名称改成宁波某某科技有限公司')).toEqual({ fieldId: 'employer', rawValue: '宁波某某科技有限公司' })
  })

  it.each([
    '电话是13900139000',
    '13900139000',
    '老板说要改合同，手机也不接',
    '我想问一下工伤保险改革了吗',
    '改成明天',
    '同意',
    '',
  ])('%s is not a correction', (text) => {
    expect(detectCorrection(injury, text)).toBeNull()
  })
})

describe('isCancel', () => {
  it.each(['取消', '取消！', '不办了', '算了不申请了', '算了，不办了', '退出', '我不办了', '不想办了', '放弃申请', '取消申请', 'cancel', 'Quit', '算了', '不想填了', '不要了，谢谢', '停', '别填了'])(
    '%s cancels',
    (text) => expect(isCancel(text)).toBe(true),
  )
  it.each(['取消工伤保险要怎么办', '怎么取消', '不办了会怎样？', '我想申请工伤保险', '确认', '不同意取消', '停车补贴有吗'])('%s does not', (text) =>
    expect(isCancel(text)).toBe(false),
  )
})

describe('isConfirm', () => {
  it.each(['确认', '确认！', '确认提交', '提交', '确定', '没问题', '对的', '好的', 'OK', '确认无误', 'confirm', 'Confirm.', 'submit'])('%s confirms', (text) =>
    expect(isConfirm(text)).toBe(true),
  )
  it.each(['不确认', '不对', '取消', '确认一下电话', '修改电话13900139000', ''])('%s does not', (text) =>
    expect(isConfirm(text)).toBe(false),
  )
})

describe('summary', () => {
  it('lists every field by label with ID and phone masked, and says how to confirm', () => {
    const text = summary(injury, {
      consent: true, name: '张三', phone: '13800138000', idNumber: '11010519491231002X', industry: 'food_delivery', platform: '美团',
    })
    expect(text.split('\n')).toEqual([
      '请核对您的新业态从业人员工伤保险参保申请信息：',
      '姓名：张三',
      '手机号：138****8000',
      '身份证号：110***********002X',
      '从业行业：外卖送餐',
      '接单平台：美团',
      SUMMARY_FOOTER,
    ])
    expect(text).not.toContain('13800138000')
    expect(text).not.toContain('11010519491231002X')
    expect(SUMMARY_FOOTER).toBe('回复“确认”提交，回复“修改+内容”更正（例如回复“电话改成”加新号码），回复“取消”放弃。')
  })

  it('shows money, month-only dates, hukou, other industries and free text readably, masking numbers inside text', () => {
    const loanText = summary(loan, { name: '李四', phone: '13700137000', idNumber: '440524188001010014', businessStartDate: '2023-05-01', loanAmount: 200_000 }, {
      businessStartDate: { precision: 'month' },
    })
    expect(loanText).toContain('开业时间：2023年5月\n')
    expect(loanText).toContain('申请贷款金额：200000元（20万元）')
    expect(loanText).toContain('身份证号：440***********0014')
    expect(summary(subsidy, { hukou: 'other' })).toContain('户籍：非宁波户籍')
    expect(summary(union, { industry: 'other' }, { industry: { raw: '保安' } })).toContain('从业行业：其他行业（保安）')
    const wageText = summary(wages, { amountOwed: 8000, description: '老板电话13912345678一直不接' })
    expect(wageText).toContain('欠薪金额：8000元\n')
    expect(wageText).toContain('情况说明：老板电话139****5678一直不接')
    expect(wageText).toContain('欠薪单位：（未填写）')
  })
})

describe('matchFormTrigger', () => {
  it.each([
    ['我想申请新业态工伤保险', 'work_injury_insurance'],
    ['你好，我想申请新业态工伤保险，谢谢', 'work_injury_insurance'],
    ['申请工伤保险', 'work_injury_insurance'],
    ['帮我办一下工伤保险', 'work_injury_insurance'],
    ['我要申请灵活就业社保补贴', 'social_insurance_subsidy'],
    ['我想申请创业担保贷款', 'startup_loan'],
    ['我要申请欠薪维权求助', 'wage_arrears'],
    ['我要讨薪', 'wage_arrears'],
    ['我想加入工会', 'union_membership'],
    ['怎么入会', 'union_membership'],
    ['请问怎么入会？', 'union_membership'],
  ])('%s starts %s', (text, formId) => {
    expect(matchFormTrigger(forms, text)?.form.id).toBe(formId)
  })

  it.each([
    '骑手能交工伤保险吗',
    '工伤保险怎么申请？',
    '申请工伤保险需要什么条件',
    '我要申请创业社保补贴',
    '工会有什么福利',
    '申请工会福利',
    '我想申请购车创业担保贷款',
    '你好',
    '',
  ])('%s starts nothing', (text) => {
    expect(matchFormTrigger(forms, text)).toBeNull()
  })
})
