// The Profile schema: all optional, real dates only, unknown keys refused, one short message naming the field.
import { describe, expect, it } from 'vitest'
import { parseProfile } from '../../src/eligibility/profile.js'

const error = (input: unknown) => {
  const r = parseProfile(input)
  return r.ok ? undefined : r.error
}

describe('parseProfile', () => {
  it('accepts an empty profile and a full one', () => {
    expect(parseProfile({})).toEqual({ ok: true, profile: {} })
    const full = {
      asOf: '2026-03-01', hukou: 'ningbo', workType: 'flexible', industry: 'taxi', rideHailingFullTime: false,
      buyingVehicle: true, startedBusiness: true, partTime: false, overRetirementAge: false, intern: false,
      professionalTechnician: false, wageArrears: false, businessLocation: 'ningbo', businessStartDate: '2024-02-29',
    }
    expect(parseProfile(full)).toEqual({ ok: true, profile: full })
  })

  it('refuses impossible and malformed dates, naming the field', () => {
    expect(error({ businessStartDate: '2023-02-30' })).toBe('profile.businessStartDate: must be a real date YYYY-MM-DD')
    expect(error({ businessStartDate: '2023/01/01' })).toBe('profile.businessStartDate: must be a real date YYYY-MM-DD')
    expect(error({ asOf: '2025-13-01' })).toBe('profile.asOf: must be a real date YYYY-MM-DD')
    expect(error({ asOf: 20250101 })).toBe('profile.asOf: must be a real date YYYY-MM-DD')
  })

  it('refuses wrong types and values, naming the field and what is allowed', () => {
    expect(error({ hukou: 'shanghai' })).toBe('profile.hukou: must be one of ningbo, other')
    expect(error({ partTime: 'yes' })).toBe('profile.partTime: must be true or false')
    expect(error({ industry: 3 })).toMatch(/^profile\.industry: must be one of food_delivery/)
  })

  it('refuses unknown fields and non-objects', () => {
    expect(error({ salary: 100 })).toBe('profile.salary: unknown field')
    expect(error('ningbo')).toBe('profile: must be an object')
    expect(error([])).toBe('profile: must be an object')
    expect(error(null)).toBe('profile: must be an object')
  })
})
