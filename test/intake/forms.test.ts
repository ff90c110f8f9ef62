// The five forms of CONTRACT.md load and validate; a broken form file fails loudly with its name.
import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FIELD_KINDS, FormLoadError, loadForms, nextField, parseField, parseForm, type Form } from '../../src/intake/index.js'
import { parseProfile } from '../../src/eligibility/index.js'

const FORMS_DIR = join(import.meta.dirname, '../../knowledge/forms')
const forms = loadForms(FORMS_DIR)
const byId = (id: string) => forms.find((f) => f.id === id) as Form

// CONTRACT.md "Forms (intake) and their field ids" and the programme each relates to.
const CONTRACT: Record<string, { programId: string; fields: string[]; trigger: string }> = {
  work_injury_insurance: {
    programId: 'new_forms_work_injury_insurance', fields: ['name', 'phone', 'idNumber', 'industry', 'platform', 'consent'], trigger: '我想申请新业态工伤保险',
  },
  social_insurance_subsidy: {
    programId: 'flexible_social_insurance_subsidy', fields: ['name', 'phone', 'idNumber', 'hukou', 'consent'], trigger: '我要申请灵活就业社保补贴',
  },
  startup_loan: {
    programId: 'startup_guarantee_loan', fields: ['name', 'phone', 'idNumber', 'businessStartDate', 'loanAmount', 'consent'], trigger: '我想申请创业担保贷款',
  },
  wage_arrears: {
    programId: 'wage_arrears_help', fields: ['name', 'phone', 'employer', 'amountOwed', 'description', 'consent'], trigger: '我要申请欠薪维权求助',
  },
  union_membership: { programId: 'union_membership', fields: ['name', 'phone', 'industry', 'consent'], trigger: '我想加入工会' },
  startup_subsidy: {
    programId: 'startup_social_insurance_subsidy', fields: ['name', 'phone', 'idNumber', 'subsidyType', 'businessStartDate', 'consent'], trigger: '我想申请创业补贴',
  },
  employee_insurance_enrolment: {
    programId: 'employee_pension_insurance', fields: ['name', 'phone', 'idNumber', 'hukou', 'insurance', 'consent'], trigger: '我想以灵活就业身份参加职工养老保险',
  },
  standalone_work_injury_enquiry: {
    programId: 'standalone_work_injury_insurance', fields: ['name', 'phone', 'workKind', 'employer', 'consent'], trigger: '我在工地干活，想单独交工伤保险',
  },
}

// CONTRACT.md: the values each choice field may hold.
const CHOICES: Record<string, string[]> = {
  subsidyType: ['social_insurance', 'rent', 'job_creation'],
  insurance: ['pension', 'medical', 'both'],
  workKind: ['construction', 'part_time', 'over_age', 'intern'],
}

const tempDirs: string[] = []
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'forms-'))
  tempDirs.push(dir)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
})

describe('knowledge/forms', () => {
  it('holds exactly the eight forms of the contract', () => {
    expect(forms.map((f) => f.id).sort()).toEqual(Object.keys(CONTRACT).sort())
  })

  it('choice fields hold exactly the contract\'s values, each read from a number, a label and an everyday word', () => {
    for (const form of forms) {
      for (const field of form.fields.filter((f) => f.parser === 'choice')) {
        expect(field.options!.map((o) => o.value), field.id).toEqual(CHOICES[field.id])
        field.options!.forEach((option, i) => {
          expect(parseField(field, String(i + 1))).toMatchObject({ ok: true, value: option.value })
          expect(parseField(field, option.label)).toMatchObject({ ok: true, value: option.value })
          for (const word of option.words) expect(parseField(field, `我要${word}的`), word).toMatchObject({ ok: true, value: option.value })
        })
        expect(parseField(field, '随便').ok).toBe(false)
      }
    }
  })

  it('every contract programme has a form or a referral', async () => {
    const { eligibility } = await import('../eligibility/knowledge.js')
    const { formForProgramme } = await import('../../src/intake/index.js')
    for (const p of eligibility.programmes) {
      expect(Boolean(formForProgramme(forms, p.id)) || Boolean(p.referral), p.id).toBe(true)
      // Not both: a programme with a form is applied for here.
      expect(Boolean(formForProgramme(forms, p.id)) && Boolean(p.referral), p.id).toBe(false)
    }
  })

  it.each(Object.entries(CONTRACT))('%s has the contract\'s fields, programme and trigger', (id, expected) => {
    const form = byId(id)
    expect(form.programId).toBe(expected.programId)
    expect(form.triggers).toContain(expected.trigger)
    const ids = form.fields.map((f) => f.id)
    for (const field of expected.fields) expect(ids).toContain(field)
    // Consent comes before any personal data.
    expect(form.fields[0]).toMatchObject({ id: 'consent', parser: 'consent' })
    expect(form.privacyNotice.version).toMatch(/\S/)
    expect(form.privacyNotice.text).toMatch(/删除我的信息/)
    expect(form.privacyNotice.text).toMatch(/收集/)
    expect(form.privacyNotice.text).toMatch(/接收/)
    expect(form.fields[0].question).toMatch(/同意/)
    expect(form.title).toMatch(/\p{Script=Han}/u)
    for (const field of form.fields) {
      expect(field.label).toMatch(/\p{Script=Han}/u)
      expect(field.question).toMatch(/\p{Script=Han}/u)
      expect(FIELD_KINDS[field.parser]).toBeDefined()
    }
  })

  it('marks ID and phone numbers sensitive and names them for corrections', () => {
    for (const form of forms) {
      for (const field of form.fields) {
        if (field.id === 'phone') expect(field).toMatchObject({ sensitive: 'phone', parser: 'phone' })
        if (field.id === 'idNumber') expect(field).toMatchObject({ sensitive: 'id', parser: 'idNumber' })
        if (field.id === 'phone') expect(field.aliases).toEqual(expect.arrayContaining(['电话', '手机', '手机号']))
        if (field.id === 'name') expect(field.aliases).toEqual(expect.arrayContaining(['名字', '姓名']))
        if (field.id === 'idNumber') expect(field.aliases).toEqual(expect.arrayContaining(['身份证', '身份证号']))
      }
    }
  })

  it('links answers that decide eligibility to profile fields', () => {
    expect(byId('work_injury_insurance').fields.find((f) => f.id === 'industry')?.profileField).toBe('industry')
    expect(byId('social_insurance_subsidy').fields.find((f) => f.id === 'hukou')?.profileField).toBe('hukou')
    const start = byId('startup_loan').fields.find((f) => f.id === 'businessStartDate')
    expect(start).toMatchObject({ profileField: 'businessStartDate', parser: 'date', notFuture: true })
    expect(byId('startup_loan').fields.find((f) => f.id === 'loanAmount')?.parser).toBe('money')
    expect(byId('wage_arrears').fields.find((f) => f.id === 'amountOwed')?.parser).toBe('money')
  })

  it('gives profile fields values the eligibility profile accepts', () => {
    const samples: Record<string, string[]> = {
      industry: ['送外卖', '跑滴滴', '开出租', '快递', '开网店', '工地', '房产中介', '护工', '保安'],
      hukou: ['宁波户口', '外地户口'],
      businessStartDate: ['2023年5月', '2021-04-30'],
    }
    let checked = 0
    for (const form of forms) {
      for (const field of form.fields.filter((f) => f.profileField)) {
        for (const answer of samples[field.profileField as string]) {
          const parsed = parseField(field, answer, '2026-11-28')
          expect(parsed.ok, `${form.id}.${field.id} <- ${answer}`).toBe(true)
          if (!parsed.ok) continue
          expect(parseProfile({ [field.profileField as string]: parsed.value }), `${answer}`).toMatchObject({ ok: true })
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20)
  })

  it('asks fields in order, consent first', () => {
    const form = byId('union_membership')
    expect(nextField(form, {})?.id).toBe('consent')
    expect(nextField(form, { consent: true })?.id).toBe('name')
    expect(nextField(form, { consent: true, name: '张三', phone: '13800138000' })?.id).toBe('industry')
    expect(nextField(form, { consent: true, name: '张三', phone: '13800138000', industry: 'taxi' })).toBeNull()
  })
})

describe('loadForms fails loudly', () => {
  const good = readFileSync(join(FORMS_DIR, 'union_membership.yaml'), 'utf8')

  it('on an unknown parser kind, naming the file and path', () => {
    const dir = dirWith({ 'bad.yaml': good.replace('parser: industry', 'parser: horoscope') })
    expect(() => loadForms(dir)).toThrow(FormLoadError)
    expect(() => loadForms(dir)).toThrow(/bad\.yaml[\s\S]*fields\[3\]\.parser|bad\.yaml[\s\S]*fields\.3\.parser/)
  })

  it('on duplicate field ids', () => {
    const text = good.replace('  - id: industry', '  - id: phone')
    expect(() => parseForm(text, 'dup.yaml')).toThrow(/duplicate field id "phone"/)
  })

  it('when consent is not the first field', () => {
    const form = parseForm(good)
    const [consent, ...rest] = form.fields
    const moved = { ...form, fields: [...rest, consent] }
    expect(() => parseForm(JSON.stringify(moved), 'late-consent.yaml')).toThrow(/first field must be/)
  })

  it('on an unknown programme, an unknown key, a phone not marked sensitive, and an alias naming two fields', () => {
    expect(() => parseForm(good.replace('programId: union_membership', 'programId: free_money'))).toThrow(/programId/)
    expect(() => parseForm(good.replace('title: 加入工会申请', 'title: 加入工会申请\ncolour: red'))).toThrow(/colour/)
    expect(() => parseForm(good.replace('    sensitive: phone\n', ''))).toThrow(/must be marked sensitive/)
    expect(() => parseForm(good.replace('aliases: [从业行业, 行业, 工作类型]', 'aliases: [从业行业, 行业, 电话]'))).toThrow(/alias "电话"/)
  })

  it('on invalid YAML, an empty directory, and the same form id or trigger twice', () => {
    expect(() => loadForms(dirWith({ 'broken.yaml': 'id: [unclosed' }))).toThrow(/broken\.yaml: not valid YAML/)
    expect(() => loadForms(dirWith({ 'readme.txt': 'not a form' }))).toThrow(/no form files/)
    expect(() => loadForms(dirWith({ 'a.yaml': good, 'b.yaml': good }))).toThrow(/form id "union_membership" is already used/)
    const other = good.replace('id: union_membership', 'id: union_again')
    expect(() => loadForms(dirWith({ 'a.yaml': good, 'b.yaml': other }))).toThrow(/trigger "我想加入工会" already starts/)
  })
})
