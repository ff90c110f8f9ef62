// evaluate() with a memory. Eligibility is a pure function of the programmes, the sections, the date and the
// profile, and the same few profiles come again and again (every applicant for a form who told us the same
// facts). Each distinct input is evaluated once a day; the results are frozen and shared, so a caller reads them
// and never changes them. Handing out the same array also lets the outbox serialise and store it once.
import { setBounded } from '../bounded.js'
import { evaluate, resolveAsOf, type EvaluateOptions } from './evaluate.js'
import type { Profile } from './profile.js'
import type { EligibilityResult, Programme, SectionLookup } from './types.js'

/** Distinct inputs kept per programme list (the oldest goes first). */
const REMEMBERED_PROFILES = 500

const memory = new WeakMap<Programme[], WeakMap<SectionLookup, Map<string, EligibilityResult[]>>>()

function freeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) freeze(inner)
    Object.freeze(value)
  }
  return value
}

/** evaluate(), remembered. The results are frozen: copy before changing them. */
export function evaluateRemembered(programmes: Programme[], profile: Profile, options: EvaluateOptions): EligibilityResult[] {
  let bySections = memory.get(programmes)
  if (!bySections) memory.set(programmes, (bySections = new WeakMap()))
  let results = bySections.get(options.sections)
  if (!results) bySections.set(options.sections, (results = new Map()))
  const asOf = resolveAsOf(profile, options.asOf)
  const key = `${asOf}\u0000${JSON.stringify(profile)}`
  let found = results.get(key)
  if (!found) {
    found = freeze(evaluate(programmes, profile, { ...options, asOf }))
    setBounded(results, key, found, REMEMBERED_PROFILES)
  }
  return found
}
