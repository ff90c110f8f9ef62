// Loading programmes.yaml fails loudly, naming what is wrong, for anything the evaluator could not honour.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseProgrammes } from '../../src/eligibility/load.js'
import { CONTRACT_PROGRAMME_IDS } from '../../src/eligibility/programmes.js'
import { parseProfileFields } from '../../src/eligibility/profile-fields.js'
import { eligibility, kb, KNOWLEDGE_DIR, SECTION_IDS } from './knowledge.js'

const options = { sectionIds: SECTION_IDS, sectionText: (id: string) => kb.section(id)?.text, knownProgrammeIds: CONTRACT_PROGRAMME_IDS }

const programme = (rule: string, extra = '') => `
programmes:
  - id: wage_arrears_help
    name: 欠薪维权服务
    sources:
      - section: '5.3'
        quote: 依法纠正拖欠劳动报酬等行为，为灵活就业人员提供云端维权
    why: test
${extra}
    rule:
${rule}
`
const wageRule = `      field: wageArrears
      is: true
      describe: 被拖欠工资
      quote: 依法纠正拖欠劳动报酬等行为`

describe('parseProgrammes', () => {
  it('loads a valid programme', () => {
    const [p] = parseProgrammes(programme(wageRule), options)
    expect(p).toMatchObject({ id: 'wage_arrears_help', sources: [{ section: '5.3' }] })
    expect(p.furtherConditions).toBeUndefined()
  })

  it('refuses a field that is not in the profile', () => {
    expect(() => parseProgrammes(programme(wageRule.replace('wageArrears', 'salaryOwed')), options))
      .toThrow(/rule field salaryOwed is not a profile field/)
  })

  it('refuses a value the enum does not have, and a test of the wrong kind', () => {
    const rule = `      field: industry
      in: [taxi, spaceflight]
      describe: x
      quote: 依法纠正拖欠劳动报酬等行为`
    expect(() => parseProgrammes(programme(rule), options)).toThrow(/industry has no value spaceflight/)
    expect(() => parseProgrammes(programme(wageRule.replace('wageArrears', 'industry')), options)).toThrow(/industry is not a boolean field/)
    const months = `      field: hukou
      monthsSince: { atMost: 12 }
      describe: x
      quote: 依法纠正拖欠劳动报酬等行为`
    expect(() => parseProgrammes(programme(months), options)).toThrow(/hukou is not a date field/)
  })

  it('refuses an unknown section id', () => {
    expect(() => parseProgrammes(programme(wageRule).replace("section: '5.3'", "section: '5.9'"), options))
      .toThrow(/unknown section id 5\.9/)
  })

  it('refuses an unknown programme id', () => {
    expect(() => parseProgrammes(programme(wageRule).replace('id: wage_arrears_help', 'id: free_money'), options))
      .toThrow(/programme free_money: unknown programme id/)
  })

  it('refuses a quote that is not verbatim in its section', () => {
    expect(() => parseProgrammes(programme(wageRule).replace('为灵活就业人员提供云端维权', '为所有人发放补贴'), options))
      .toThrow(/quote not found verbatim in section 5\.3/)
  })

  it("refuses a condition quoting words outside the programme's sources", () => {
    expect(() => parseProgrammes(programme(wageRule.replace('依法纠正拖欠劳动报酬等行为', '每人每月450元')), options))
      .toThrow(/quotes words not in its sources/)
  })

  it('refuses further_conditions without the words that say so', () => {
    expect(() => parseProgrammes(programme(wageRule, '    further_conditions: true'), options)).toThrow(/further_conditions_quote/)
  })

  it('refuses a misspelt key, a bad bound and a duplicate id', () => {
    expect(() => parseProgrammes(programme(wageRule.replace('is: true', 'iss: true')), options)).toThrow(/programmes\.yaml/)
    const bound = `      field: businessStartDate
      monthsSince: { atMost: -3 }
      describe: x
      quote: 依法纠正拖欠劳动报酬等行为`
    expect(() => parseProgrammes(programme(bound), options)).toThrow(/programmes\.yaml/)
    const twice = programme(wageRule) + programme(wageRule).replace('programmes:\n', '')
    expect(() => parseProgrammes(twice, options)).toThrow(/appears twice/)
  })

  it('every shipped quote is verbatim in the document (checked at load)', () => {
    for (const p of eligibility.programmes) {
      for (const s of p.sources) expect(kb.section(s.section)?.text.replace(/\s/g, '')).toContain(s.quote.replace(/\s/g, ''))
    }
  })
})

describe('parseProfileFields', () => {
  const shipped = readFileSync(join(KNOWLEDGE_DIR, 'profile-fields.yaml'), 'utf8')

  it('has a question for every profile field', () => {
    expect(eligibility.fields.map((f) => f.id).sort()).toEqual([
      'businessLocation', 'businessStartDate', 'buyingVehicle', 'hukou', 'industry', 'intern', 'overRetirementAge',
      'partTime', 'professionalTechnician', 'rideHailingFullTime', 'startedBusiness', 'wageArrears', 'workType',
    ])
  })

  it('refuses a wrong type, a missing option and a missing field', () => {
    expect(() => parseProfileFields(shipped.replace('id: intern\n    label: 是否实习生\n    type: boolean', 'id: intern\n    label: 是否实习生\n    type: date')))
      .toThrow(/intern is a boolean field, not date/)
    expect(() => parseProfileFields(shipped.replace('      - { value: taxi, label: 巡游出租车 }\n', ''))).toThrow(/industry options must be exactly/)
    expect(() => parseProfileFields(shipped.replace('value: other, label: 外地户籍', 'value: elsewhere, label: 外地户籍'))).toThrow(/hukou options must be exactly ningbo, other/)
    expect(() => parseProfileFields(shipped.replace(/  - id: wageArrears[\s\S]*$/, ''))).toThrow(/no question for wageArrears/)
  })
})

describe('programmes.referrals.yaml', () => {
  it('loads, each programme one with its referral text, each other one quoting its section verbatim', async () => {
    const { eligibility } = await import('./knowledge.js')
    const ids = eligibility.referrals.map((r) => r.id)
    expect(ids).toEqual(expect.arrayContaining(['skills_training', 'professional_title', 'vehicle_purchase_loan', 'accident_insurance']))
    for (const r of eligibility.referrals) expect(r.text).toMatch(/“[^”]+”/)
  })

  it('refuses a quote the section does not hold', async () => {
    const { loadReferrals } = await import('../../src/eligibility/referrals.js')
    const { mkdtempSync, writeFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const file = join(mkdtempSync(join(tmpdir(), 'ref-')), 'r.yaml')
    writeFileSync(file, "referrals:\n  - id: x\n    name: 某保险\n    words: [某保险]\n    section: '3.3'\n    text: 文件写的是“由政府全额补贴”\n")
    expect(() => loadReferrals(file, [], () => '推动开发灵活就业人员意外伤害保险产品，由平台承担费用')).toThrow(/not in section 3.3/)
  })
})
