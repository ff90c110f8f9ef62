// The guided check: which unknown facts matter, most decisive first, so the engine asks only what counts.
import { decide } from './evaluate.js'
import { PROFILE_FIELD_NAMES, type Profile } from './profile.js'
import { formatQuestion, type ProfileFieldSpec } from './profile-fields.js'
import type { Programme } from './types.js'

export interface DecidingFieldsOptions {
  asOf?: string
  /** Tie-break order (the YAML order of profile-fields); defaults to the Profile schema's order. */
  fieldOrder?: readonly string[]
}

/**
 * The unknown fields that would decide at least one needs_info programme, the field deciding the most
 * programmes first (ties: fieldOrder). Empty once every programme is decided.
 */
export function decidingFields(programmes: Programme[], profile: Profile, options: DecidingFieldsOptions = {}): string[] {
  const order = options.fieldOrder ?? PROFILE_FIELD_NAMES
  const counts = new Map<string, number>()
  for (const d of decide(programmes, profile, options.asOf)) {
    if (d.status !== 'needs_info') continue
    for (const field of d.missing) counts.set(field, (counts.get(field) ?? 0) + 1)
  }
  const rank = (field: string) => {
    const i = order.indexOf(field)
    return i === -1 ? order.length : i
  }
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || rank(a) - rank(b) || a.localeCompare(b))
}

export interface NextQuestion {
  field: string
  /** The question text to send, options numbered. */
  text: string
  spec: ProfileFieldSpec
}

/** The one question to ask next, or null when nothing unknown would change a result. */
export function nextQuestion(
  programmes: Programme[], fields: ProfileFieldSpec[], profile: Profile, asOf?: string,
): NextQuestion | null {
  const [field] = decidingFields(programmes, profile, { asOf, fieldOrder: fields.map((f) => f.id) })
  if (!field) return null
  const spec = fields.find((f) => f.id === field)
  if (!spec) throw new Error(`profile-fields.yaml has no question for ${field}`)
  return { field, text: formatQuestion(spec), spec }
}
