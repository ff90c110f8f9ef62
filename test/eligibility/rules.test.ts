// The rule language: three-valued all/any/not, leaf tests, month bounds, and the calendar arithmetic under them.
import { describe, expect, it } from 'vitest'
import { addMonths, isRealDate, todayInNingbo } from '../../src/eligibility/dates.js'
import { evaluateCondition, type Condition, type TraceEntry } from '../../src/eligibility/rules.js'

const leaf = (c: object) => ({ describe: 'd', quote: 'q', ...c }) as Condition
const started = leaf({ field: 'startedBusiness', is: true })
const inNingbo = leaf({ field: 'businessLocation', in: ['ningbo'] })
const taxi = leaf({ field: 'industry', in: ['taxi'] })
const within3 = leaf({ field: 'businessStartDate', monthsSince: { atMost: 36 } })
const below3 = leaf({ field: 'businessStartDate', monthsSince: { below: 36 } })
const run = (c: Condition, profile: object, asOf = '2026-03-01') => evaluateCondition(c, profile, asOf)

describe('leaf tests', () => {
  it('is / in / unknown', () => {
    expect(run(started, { startedBusiness: true }).result).toBe('true')
    expect(run(started, { startedBusiness: false }).result).toBe('false')
    expect(run(started, {})).toMatchObject({ result: 'unknown', missing: ['startedBusiness'] })
    expect(run(taxi, { industry: 'taxi' }).result).toBe('true')
    expect(run(taxi, { industry: 'ride_hailing' }).result).toBe('false')
  })

  it('monthsSince atMost includes the anniversary day, below excludes it', () => {
    expect(run(within3, { businessStartDate: '2023-03-01' }).result).toBe('true')
    expect(run(within3, { businessStartDate: '2023-02-28' }).result).toBe('false')
    expect(run(below3, { businessStartDate: '2023-03-01' }).result).toBe('false')
    expect(run(below3, { businessStartDate: '2023-03-02' }).result).toBe('true')
  })

  it('a date after asOf never holds', () => {
    const outcome = run(within3, { businessStartDate: '2026-03-02' })
    expect(outcome.result).toBe('false')
    expect(outcome.findings[0].detail).toContain('晚于')
  })
})

describe('three-valued all / any / not', () => {
  it('all(): a false child decides, with nothing missing', () => {
    const o = run({ all: [started, inNingbo, within3] }, { businessLocation: 'other' })
    expect(o).toMatchObject({ result: 'false', missing: [] })
    expect(o.findings.map((f) => f.verdict)).toEqual(['failed'])
  })

  it('all(): unknown children are missing, true ones are not', () => {
    const o = run({ all: [started, inNingbo, within3] }, { startedBusiness: true })
    expect(o).toMatchObject({ result: 'unknown', missing: ['businessLocation', 'businessStartDate'] })
    expect(o.findings.map((f) => f.verdict)).toEqual(['held', 'unknown', 'unknown'])
  })

  it('all(): every child true is true', () => {
    expect(run({ all: [started, inNingbo] }, { startedBusiness: true, businessLocation: 'ningbo' }).result).toBe('true')
  })

  it('any(): a true child decides, with nothing missing', () => {
    const o = run({ any: [taxi, started] }, { industry: 'taxi' })
    expect(o).toMatchObject({ result: 'true', missing: [] })
  })

  it('any(): all false is false; false and unknown is unknown', () => {
    expect(run({ any: [taxi, started] }, { industry: 'other', startedBusiness: false }).result).toBe('false')
    expect(run({ any: [taxi, started] }, { industry: 'other' })).toMatchObject({ result: 'unknown', missing: ['startedBusiness'] })
  })

  it('not() flips true and false, keeps unknown and its missing fields', () => {
    expect(run({ not: taxi }, { industry: 'taxi' }).result).toBe('false')
    expect(run({ not: taxi }, { industry: 'other' }).result).toBe('true')
    expect(run({ not: taxi }, {})).toMatchObject({ result: 'unknown', missing: ['industry'] })
  })

  it('a field missing in two branches is listed once', () => {
    const o = run({ any: [taxi, { all: [leaf({ field: 'industry', in: ['ride_hailing'] }), started] }] }, {})
    expect(o.missing).toEqual(['industry', 'startedBusiness'])
  })

  it('the trace records every condition, even those that did not decide', () => {
    const trace: TraceEntry[] = []
    evaluateCondition({ all: [started, { any: [taxi, inNingbo] }] }, { startedBusiness: false, industry: 'taxi' }, '2026-03-01', trace)
    expect(trace.map((t) => [t.path, t.kind, t.result])).toEqual([
      ['0', 'all', 'false'], ['0.0', 'leaf', 'false'], ['0.1', 'any', 'true'], ['0.1.0', 'leaf', 'true'], ['0.1.1', 'leaf', 'unknown'],
    ])
    expect(trace[1]).toMatchObject({ field: 'startedBusiness', value: false, test: 'is true' })
    expect(trace[4]).toMatchObject({ field: 'businessLocation', value: null })
  })
})

describe('dates', () => {
  it('accepts only real calendar dates', () => {
    for (const d of ['2024-02-29', '2023-12-31', '2000-02-29']) expect(isRealDate(d), d).toBe(true)
    for (const d of ['2023-02-30', '2023-02-29', '1900-02-29', '2023-13-01', '2023-00-10', '2023-1-1', '20230101', '']) {
      expect(isRealDate(d), d).toBe(false)
    }
  })

  it('adds months, clamping to the month end', () => {
    expect(addMonths('2020-02-29', 36)).toBe('2023-02-28')
    expect(addMonths('2020-02-29', 48)).toBe('2024-02-29')
    expect(addMonths('2021-01-31', 1)).toBe('2021-02-28')
    expect(addMonths('2021-03-01', 60)).toBe('2026-03-01')
    expect(addMonths('2021-11-15', 2)).toBe('2022-01-15')
  })

  it("today is Ningbo's date, not UTC's", () => {
    expect(todayInNingbo(new Date('2026-02-28T16:30:00Z'))).toBe('2026-03-01')
    expect(todayInNingbo(new Date('2026-02-28T15:30:00Z'))).toBe('2026-02-28')
  })
})
