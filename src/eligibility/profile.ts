// The worker's profile (CONTRACT.md "Profile fields"): every field optional, unknown keys and impossible dates refused.
import { z } from 'zod'
import { isRealDate } from './dates.js'

export const HUKOU = ['ningbo', 'other'] as const
export const WORK_TYPES = ['flexible', 'employee', 'self_employed', 'unemployed', 'student'] as const
export const INDUSTRIES = [
  'food_delivery', 'ride_hailing', 'taxi', 'express_logistics', 'ecommerce',
  'construction', 'real_estate_agency', 'elderly_care', 'other',
] as const
export const BUSINESS_LOCATIONS = ['ningbo', 'other'] as const

export type FieldKind =
  | { kind: 'boolean' }
  | { kind: 'enum'; options: readonly string[] }
  | { kind: 'date' }

const boolean: FieldKind = { kind: 'boolean' }

/** Every field a rule may test and the guided check may ask for (asOf is the evaluation date, not a fact). */
export const PROFILE_FIELDS = {
  hukou: { kind: 'enum', options: HUKOU },
  workType: { kind: 'enum', options: WORK_TYPES },
  industry: { kind: 'enum', options: INDUSTRIES },
  rideHailingFullTime: boolean,
  buyingVehicle: boolean,
  startedBusiness: boolean,
  partTime: boolean,
  overRetirementAge: boolean,
  intern: boolean,
  professionalTechnician: boolean,
  wageArrears: boolean,
  businessLocation: { kind: 'enum', options: BUSINESS_LOCATIONS },
  businessStartDate: { kind: 'date' },
} as const satisfies Record<string, FieldKind>

export type ProfileField = keyof typeof PROFILE_FIELDS
export const PROFILE_FIELD_NAMES = Object.keys(PROFILE_FIELDS) as ProfileField[]

export function isProfileField(name: string): name is ProfileField {
  return Object.prototype.hasOwnProperty.call(PROFILE_FIELDS, name)
}

const DATE_MESSAGE = 'must be a real date YYYY-MM-DD'
const realDate = () => z.string({ error: DATE_MESSAGE }).refine(isRealDate, { error: DATE_MESSAGE })
const flag = () => z.boolean({ error: 'must be true or false' })
const oneOf = <T extends readonly [string, ...string[]]>(options: T) =>
  z.enum(options, { error: `must be one of ${options.join(', ')}` })

export const ProfileSchema = z.strictObject({
  asOf: realDate().optional(),
  hukou: oneOf(HUKOU).optional(),
  workType: oneOf(WORK_TYPES).optional(),
  industry: oneOf(INDUSTRIES).optional(),
  rideHailingFullTime: flag().optional(),
  buyingVehicle: flag().optional(),
  startedBusiness: flag().optional(),
  partTime: flag().optional(),
  overRetirementAge: flag().optional(),
  intern: flag().optional(),
  professionalTechnician: flag().optional(),
  wageArrears: flag().optional(),
  businessLocation: oneOf(BUSINESS_LOCATIONS).optional(),
  businessStartDate: realDate().optional(),
}, { error: 'must be an object' })

export type Profile = z.infer<typeof ProfileSchema>

/** One short line naming the first bad field, e.g. "profile.businessStartDate: must be a real date YYYY-MM-DD". */
export function profileErrorMessage(error: z.ZodError, root = 'profile'): string {
  const issue = error.issues[0]
  if (!issue) return `${root}: invalid`
  const path = [root, ...issue.path.map(String)].join('.')
  if (issue.code === 'unrecognized_keys') return `${path}.${issue.keys[0]}: unknown field`
  // zod reports a missing object as "expected object, received undefined": say it plainly.
  if (issue.path.length === 0 && issue.code === 'invalid_type') return `${path}: must be an object`
  return `${path}: ${issue.message}`
}

export type ParsedProfile = { ok: true; profile: Profile } | { ok: false; error: string }

export function parseProfile(input: unknown, root = 'profile'): ParsedProfile {
  // Every field is optional, and null is how many clients say "unknown": treat it as absent.
  const cleaned = input && typeof input === 'object' && !Array.isArray(input)
    ? Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null))
    : input
  const parsed = ProfileSchema.safeParse(cleaned)
  return parsed.success ? { ok: true, profile: parsed.data } : { ok: false, error: profileErrorMessage(parsed.error, root) }
}
