// evaluate(): reasons with the document's words, citations from the knowledge base, determinism, the trace.
import { describe, expect, it } from 'vitest'
import { evaluate, traceEligibility } from '../../src/eligibility/evaluate.js'
import { parseProgrammes } from '../../src/eligibility/load.js'
import { loadEligibilityKnowledge } from '../../src/eligibility/knowledge.js'
import { eligibility, corpus, kb, KNOWLEDGE_DIR } from './knowledge.js'

const { programmes, sections } = eligibility
const run = (profile: object, asOf = '2026-03-01') => evaluate(programmes, profile, { sections, asOf })
const byId = (results: ReturnType<typeof run>, id: string) => results.find((r) => r.programId === id)!

describe('evaluate', () => {
  it('returns every programme in the YAML order with its name', () => {
    const results = run({})
    expect(results.map((r) => r.programId)).toEqual(programmes.map((p) => p.id))
    expect(results.every((r) => r.name.length > 0)).toBe(true)
  })

  it("cites each programme's sections with the knowledge base's titles and the document's words", () => {
    const r = byId(run({}), 'flexible_social_insurance_subsidy')
    expect(r.citations).toEqual([{
      document: 'ningbo-flexible-employment-2021',
      documentTitle: kb.documents[0].title,
      sectionId: '3.2',
      title: kb.section('3.2')!.title,
      quote: '对符合条件的灵活就业人员给予每人每月450元的社保补贴',
    }])
    for (const result of run({})) {
      for (const c of result.citations) expect(kb.section(c.sectionId)!.text).toContain(c.quote)
    }
  })

  it('says which condition failed, naming the fact and quoting the document', () => {
    const r = byId(run({ professionalTechnician: false, workType: 'flexible' }), 'professional_title')
    expect(r.status).toBe('ineligible')
    expect(r.reasons[0]).toBe('不满足条件“是专业技术人员”（专业技术人员：否）。文件原文：“专业技术人员”')
  })

  it('silence is not "no": a group the document does not speak of is not_covered, saying what it does say and where to ask', () => {
    const r = byId(run({ hukou: 'other', workType: 'flexible' }), 'employee_pension_insurance')
    expect(r.status).toBe('not_covered')
    expect(r.missing).toEqual([])
    expect(r.reasons[0]).toMatch(/^文件没有说到您的情况（户籍为外地户籍）：文件只写到“是宁波本市户籍”的情况/)
    expect(r.reasons[0]).toContain('人力资源和社会保障部门')
    expect(r.reasons[0]).toContain('文件原文：“本市户籍”')
  })

  it('an "or" names the fact that decided it, not the first branch that failed', () => {
    const partTimer = byId(run({ industry: 'ride_hailing', rideHailingFullTime: false, buyingVehicle: true }), 'vehicle_purchase_loan')
    expect(partTimer.status).toBe('not_covered')
    expect(partTimer.reasons[0]).toContain('网约车专职司机：否')
    expect(partTimer.reasons.join()).not.toContain('巡游出租车营运司机”的情况')
    const rider = byId(run({ industry: 'food_delivery', buyingVehicle: true }), 'vehicle_purchase_loan')
    expect(rider.reasons[0]).toContain('行业为外卖送餐')
    expect(rider.reasons[0]).toContain('“是巡游出租车营运司机”或“是网约车司机”')
  })

  it('says which conditions held and which are unknown', () => {
    const r = byId(run({ startedBusiness: true, businessLocation: 'ningbo' }), 'startup_guarantee_loan')
    expect(r.reasons[0]).toMatch(/^满足条件“已经在创业/)
    expect(r.reasons[1]).toMatch(/^满足条件“在宁波创业”/)
    expect(r.reasons[2]).toMatch(/^还不清楚是否满足条件“初创5年内/)
    expect(r.missing).toEqual(['businessStartDate'])
  })

  it('shows the dates compared for a time bound', () => {
    const r = byId(run({ startedBusiness: true, businessLocation: 'ningbo', businessStartDate: '2020-01-01' }), 'startup_guarantee_loan')
    expect(r.status).toBe('ineligible')
    expect(r.reasons[0]).toContain('2020-01-01')
    expect(r.reasons[0]).toContain('2026-03-01')
  })

  it('likely_eligible says the human-resources office sets the conditions the document does not list', () => {
    const r = byId(run({ industry: 'food_delivery' }), 'new_forms_work_injury_insurance')
    expect(r.status).toBe('likely_eligible')
    expect(r.reasons.at(-1)).toContain('人力社保部门')
    expect(r.reasons.at(-1)).toContain('按规定先行参加工伤保险')
  })

  it('is deterministic: the same input gives byte-identical JSON, whatever the key order or load', () => {
    const profile = { hukou: 'ningbo', workType: 'flexible', industry: 'ride_hailing', buyingVehicle: true } as const
    const a = JSON.stringify(run(profile))
    const reloaded = loadEligibilityKnowledge(KNOWLEDGE_DIR, () => corpus)
    const reordered = { buyingVehicle: true, industry: 'ride_hailing', workType: 'flexible', hukou: 'ningbo' } as const
    const b = JSON.stringify(evaluate(reloaded.programmes, reordered, { sections: reloaded.sections, asOf: '2026-03-01' }))
    expect(b).toBe(a)
  })

  it('asOf: explicit wins over the profile, the profile over today', () => {
    const profile = { startedBusiness: true, businessLocation: 'ningbo', businessStartDate: '2021-01-01', asOf: '2024-01-01' } as const
    expect(byId(evaluate(programmes, profile, { sections }), 'startup_social_insurance_subsidy').status).toBe('eligible')
    expect(byId(evaluate(programmes, profile, { sections, asOf: '2026-01-01' }), 'startup_social_insurance_subsidy').status).toBe('ineligible')
    expect(() => evaluate(programmes, {}, { sections, asOf: '2026-02-30' })).toThrow(/asOf/)
  })

  it('traces every condition of every programme', () => {
    const traces = traceEligibility(programmes, { industry: 'taxi' }, '2026-03-01')
    const vehicle = traces.find((t) => t.programId === 'vehicle_purchase_loan')!
    expect(vehicle.status).toBe('needs_info')
    expect(vehicle.checks.filter((c) => c.kind === 'leaf').map((c) => [c.field, c.value, c.result])).toEqual([
      ['industry', 'taxi', 'true'], ['industry', 'taxi', 'silent'], ['rideHailingFullTime', null, 'unknown'], ['buyingVehicle', null, 'unknown'],
    ])
  })

  it('a data-only change (a new programme, a new bound) needs no code', () => {
    const yaml = `
programmes:
  - id: startup_guarantee_loan_short
    name: 测试
    sources:
      - section: '2.1'
        quote: 所有在宁波初创3年内的人员
    why: a bound changed in data only
    rule:
      field: businessStartDate
      monthsSince: { below: 12 }
      describe: 开业不满一年
      quote: 初创3年内`
    const [p] = parseProgrammes(yaml, { sectionIds: ['2.1'] })
    const at = (d: string) => evaluate([p], { businessStartDate: d }, { sections, asOf: '2026-03-01' })[0].status
    expect(at('2025-03-02')).toBe('eligible')
    expect(at('2025-03-01')).toBe('ineligible')
  })

  it('a figure in a name is dated data: a later notice (fictional test data) changes it from its day on', () => {
    const yaml = `
programmes:
  - id: subsidy
    name: 社保补贴（每人每月{amount}元）
    short: '{amount}元社保补贴'
    figures:
      amount:
        - { value: 450, from: '2021-05-01', section: '3.2', quote: 每人每月450元 }
        - { value: 500, from: '2024-07-01', document: test-notice, section: '1.1', quote: 每人每月500元 }
    sources:
      - section: '3.2'
        quote: 对符合条件的灵活就业人员给予每人每月450元的社保补贴
    why: test
    rule: { field: workType, in: [flexible], describe: 灵活就业, quote: 灵活就业人员 }`
    const notice = (id: string) => (id === 'test-notice' ? '（测试用虚构文件）对符合条件的灵活就业人员给予每人每月500元的社保补贴。' : undefined)
    const [p] = parseProgrammes(yaml, { sectionIds: ['3.2'], sectionText: (id) => kb.section(id)?.text, otherSectionText: (doc) => notice(doc) })
    const name = (asOf: string) => evaluate([p], { workType: 'flexible' }, { sections, asOf })[0].name
    expect(name('2024-06-30')).toBe('社保补贴（每人每月450元）')
    expect(name('2024-07-01')).toBe('社保补贴（每人每月500元）')
    expect(() => parseProgrammes(yaml.replace('每人每月500元 }', '每人每月600元 }'), { sectionIds: ['3.2'], otherSectionText: (doc) => notice(doc) })).toThrow(/quote does not hold the value 500/)
    expect(() => parseProgrammes(yaml.replace("value: 500, from: '2024-07-01'", "value: 500, from: '2020-01-01'"), { sectionIds: ['3.2'] })).toThrow(/oldest first/)
  })
})
