// Which statuses a programme's rule can give at all: every combination of its facts (each value, or unknown) is
// evaluated. The case file must show each of them (test/eligibility/cases.test.ts), so no status goes untested.
import { addMonths } from './dates.js'
import { decide } from './evaluate.js'
import { PROFILE_FIELDS, type Profile, type ProfileField } from './profile.js'
import { leaves } from './rules.js'
import type { EligibilityStatus, Programme } from './types.js'

/** The values worth trying for a field: each option, yes and no, or dates either side of every month bound. */
function valuesOf(field: ProfileField, programme: Programme, asOf: string): unknown[] {
  const kind = PROFILE_FIELDS[field]
  if (kind.kind === 'boolean') return [undefined, true, false]
  if (kind.kind === 'enum') return [undefined, ...kind.options]
  const dates = new Set<unknown>([undefined, addMonths(asOf, 1)])
  for (const leaf of leaves(programme.rule)) {
    if (leaf.field !== field || !('monthsSince' in leaf)) continue
    const n = 'below' in leaf.monthsSince ? leaf.monthsSince.below : leaf.monthsSince.atMost
    dates.add(addMonths(asOf, -(n - 1)))
    dates.add(addMonths(asOf, -(n + 1)))
  }
  return [...dates]
}

export function reachableStatuses(programme: Programme, asOf = '2026-03-01'): Set<EligibilityStatus> {
  const fields = [...new Set(leaves(programme.rule).map((l) => l.field))]
  const found = new Set<EligibilityStatus>()
  const walk = (i: number, profile: Record<string, unknown>): void => {
    if (i === fields.length) {
      found.add(decide([programme], profile as Profile, asOf)[0].status)
      return
    }
    for (const v of valuesOf(fields[i], programme, asOf)) walk(i + 1, v === undefined ? profile : { ...profile, [fields[i]]: v })
  }
  walk(0, {})
  return found
}
