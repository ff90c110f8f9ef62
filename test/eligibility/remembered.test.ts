// evaluateRemembered(): the same results as evaluate(), one shared frozen array per input, a new one when the
// date or any fact changes.
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../src/eligibility/evaluate.js'
import { evaluateRemembered } from '../../src/eligibility/remembered.js'
import { eligibility } from './knowledge.js'

const { programmes, sections } = eligibility

describe('evaluateRemembered', () => {
  it('gives what evaluate() gives, as one frozen array for the same input', () => {
    const profile = { industry: 'food_delivery' as const, hukou: 'ningbo' as const }
    const first = evaluateRemembered(programmes, profile, { sections, asOf: '2026-03-01' })
    expect(first).toEqual(evaluate(programmes, profile, { sections, asOf: '2026-03-01' }))
    expect(evaluateRemembered(programmes, { ...profile }, { sections, asOf: '2026-03-01' })).toBe(first)
    expect(Object.isFrozen(first) && Object.isFrozen(first[0]) && Object.isFrozen(first[0].reasons)).toBe(true)
    expect(() => (first[0].reasons as string[]).push('x')).toThrow(TypeError)
  })

  it('evaluates again for another date, another fact or another programme list', () => {
    const profile = { industry: 'food_delivery' as const }
    const base = evaluateRemembered(programmes, profile, { sections, asOf: '2026-03-01' })
    expect(evaluateRemembered(programmes, profile, { sections, asOf: '2026-03-02' })).not.toBe(base)
    expect(evaluateRemembered(programmes, { ...profile, hukou: 'other' }, { sections, asOf: '2026-03-01' })).not.toBe(base)
    const one = programmes.slice(0, 1)
    expect(evaluateRemembered(one, profile, { sections, asOf: '2026-03-01' })).toEqual(base.slice(0, 1))
  })

  it('resolves the date as evaluate() does: the profile asOf counts', () => {
    const a = evaluateRemembered(programmes, { asOf: '2026-01-01', startedBusiness: true, businessStartDate: '2021-06-01' }, { sections })
    const b = evaluate(programmes, { asOf: '2026-01-01', startedBusiness: true, businessStartDate: '2021-06-01' }, { sections })
    expect(a).toEqual(b)
  })
})
