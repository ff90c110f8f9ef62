// The guided check: which facts to ask for, in which order, how replies are read, and the WeChat summary.
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../src/eligibility/evaluate.js'
import { formatResults, sectionLabel } from '../../src/eligibility/format.js'
import { decidingFields, nextQuestion } from '../../src/eligibility/guided.js'
import { formatQuestion, parseFieldAnswer, type ProfileFieldSpec } from '../../src/eligibility/profile-fields.js'
import type { Profile } from '../../src/eligibility/profile.js'
import { createEligibilityService } from '../../src/eligibility/service.js'
import { eligibility } from './knowledge.js'

const { programmes, fields, sections } = eligibility
const fieldOrder = fields.map((f) => f.id)
const spec = (id: string) => fields.find((f) => f.id === id) as ProfileFieldSpec
const asOf = '2026-03-01'

describe('decidingFields', () => {
  it('puts the field deciding the most needs_info programmes first', () => {
    const order = decidingFields(programmes, {}, { asOf, fieldOrder })
    // workType decides 6 programmes (pension, medical, subsidy, training, title, union); industry 5.
    expect(order.slice(0, 2)).toEqual(['workType', 'industry'])
    expect(new Set(order).size).toBe(order.length)
  })

  it('breaks ties by the profile-fields.yaml order', () => {
    // Each of these decides exactly one programme once the rest is known.
    const profile: Profile = { workType: 'employee', industry: 'taxi', hukou: 'other', startedBusiness: false, professionalTechnician: false }
    expect(decidingFields(programmes, profile, { asOf, fieldOrder })).toEqual(['buyingVehicle', 'partTime', 'overRetirementAge', 'intern', 'wageArrears'])
    expect(decidingFields(programmes, profile, { asOf, fieldOrder: [...fieldOrder].reverse() }))
      .toEqual(['wageArrears', 'intern', 'overRetirementAge', 'partTime', 'buyingVehicle'])
  })

  it('lists only fields of needs_info programmes, and nothing once all is decided', () => {
    const decided: Profile = {
      workType: 'flexible', hukou: 'ningbo', industry: 'construction', startedBusiness: false, buyingVehicle: false,
      professionalTechnician: false, wageArrears: false,
    }
    expect(decidingFields(programmes, decided, { asOf, fieldOrder })).toEqual([])
    expect(nextQuestion(programmes, fields, decided, asOf)).toBeNull()
  })

  it('a guided check that answers each question ends with no needs_info', () => {
    const answers: Record<string, string> = {
      workType: '1', industry: '网约车', hukou: '外地', startedBusiness: '是的', businessLocation: '在宁波',
      businessStartDate: '2024年5月6日', rideHailingFullTime: '是', buyingVehicle: '没有', partTime: '不是',
      overRetirementAge: '否', intern: '不是', professionalTechnician: '不是', wageArrears: '有',
    }
    let profile: Profile = {}
    const asked: string[] = []
    for (let q = nextQuestion(programmes, fields, profile, asOf); q; q = nextQuestion(programmes, fields, profile, asOf)) {
      asked.push(q.field)
      const value = parseFieldAnswer(q.spec, answers[q.field])
      expect(value, q.field).not.toBeUndefined()
      profile = { ...profile, [q.field]: value }
      expect(asked.length).toBeLessThan(20)
    }
    expect(new Set(asked).size).toBe(asked.length)
    const results = evaluate(programmes, profile, { sections, asOf })
    expect(results.filter((r) => r.status === 'needs_info')).toEqual([])
    expect(results.find((r) => r.programId === 'startup_guarantee_loan')?.status).toBe('eligible')
    expect(results.find((r) => r.programId === 'vehicle_purchase_loan')?.status).toBe('ineligible')
    expect(profile.businessStartDate).toBe('2024-05-06')
  })
})

describe('questions and answers', () => {
  it('numbers enum options and reads a digit, a value or a label', () => {
    expect(formatQuestion(spec('hukou'))).toContain('1. 宁波本市户籍\n2. 外地户籍')
    expect(parseFieldAnswer(spec('hukou'), '2')).toBe('other')
    expect(parseFieldAnswer(spec('hukou'), 'ningbo')).toBe('ningbo')
    expect(parseFieldAnswer(spec('industry'), '送外卖的，外卖送餐')).toBe('food_delivery')
    expect(parseFieldAnswer(spec('industry'), '9')).toBe('other')
    expect(parseFieldAnswer(spec('industry'), '10')).toBeUndefined()
    expect(parseFieldAnswer(spec('industry'), '不知道')).toBeUndefined()
    expect(parseFieldAnswer(spec('industry'), '做电商的')).toBe('ecommerce')
    expect(parseFieldAnswer(spec('workType'), '打零工')).toBe('flexible')
    expect(parseFieldAnswer(spec('businessLocation'), '宁波')).toBe('ningbo')
    expect(parseFieldAnswer(spec('businessLocation'), '不在宁波')).toBeUndefined()
  })

  it('reads yes/no and real dates only', () => {
    expect(parseFieldAnswer(spec('wageArrears'), '是的。')).toBe(true)
    expect(parseFieldAnswer(spec('wageArrears'), '没有')).toBe(false)
    expect(parseFieldAnswer(spec('wageArrears'), '不是')).toBe(false)
    expect(parseFieldAnswer(spec('wageArrears'), '也许吧')).toBeUndefined()
    expect(parseFieldAnswer(spec('businessStartDate'), '２０２３-０５-０１')).toBe('2023-05-01')
    expect(parseFieldAnswer(spec('businessStartDate'), '2023.2.30')).toBeUndefined()
  })
})

describe('formatResults', () => {
  it('groups by status in plain text with short reasons and 来源 labels', () => {
    const results = evaluate(programmes, { hukou: 'other', workType: 'flexible', industry: 'food_delivery' }, { sections, asOf })
    const text = formatResults(results, { fields })
    const headings = ['【可以申请】', '【可能可以】', '【需要再确认】', '【文件未涉及】']
    const positions = headings.map((h) => text.indexOf(h))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(text).toContain('· 加入工会')
    expect(text).toContain('文件没有说到您的情况（户籍为外地户籍）')
    expect(text).toContain('来源：第三部分（二）')
    expect(text).toContain('还需要知道：是否在创业、创业地点、开业日期')
    expect(text).not.toMatch(/\*\*|^#|`/m)
    expect(text).not.toContain('文件原文：')
  })

  it('labels sections as the document numbers them', () => {
    expect(sectionLabel('0')).toBe('前言')
    expect(sectionLabel('4')).toBe('第四部分')
    expect(sectionLabel('2.1')).toBe('第二部分（一）')
    expect(sectionLabel('5.3')).toBe('第五部分（三）')
  })
})

describe('createEligibilityService', () => {
  it('binds the loaded data: evaluate, next question, answers and summary', () => {
    const service = createEligibilityService(eligibility)
    expect(service.nextQuestion({}, asOf)?.field).toBe('workType')
    expect(service.question('hukou')).toContain('宁波本市户籍')
    expect(service.parseAnswer('intern', '是')).toBe(true)
    const results = service.evaluate({ wageArrears: true }, asOf)
    expect(results.find((r) => r.programId === 'wage_arrears_help')?.status).toBe('eligible')
    expect(service.format(results)).toContain('· 欠薪维权服务')
    expect(() => service.question('salary')).toThrow(/no profile field salary/)
  })
})
