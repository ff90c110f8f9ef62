// The programme file's schema (knowledge/programmes.yaml) and the contract's programme ids.
import { z } from 'zod'
import { ConditionSchema } from './rules.js'

/** CONTRACT.md "Programme ids", in its order. */
export const CONTRACT_PROGRAMME_IDS = [
  'startup_guarantee_loan', 'vehicle_purchase_loan', 'startup_social_insurance_subsidy', 'startup_rent_subsidy',
  'startup_job_creation_subsidy', 'new_forms_work_injury_insurance', 'standalone_work_injury_insurance',
  'employee_pension_insurance', 'employee_medical_insurance', 'flexible_social_insurance_subsidy', 'skills_training',
  'professional_title', 'union_membership', 'wage_arrears_help',
] as const

export const ProgrammeFileSchema = z.strictObject({
  /** The policy document (its id under knowledge/documents/) every programme's sections are of. */
  document: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
  programmes: z.array(z.strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case'),
    name: z.string().min(1),
    /** The name in the chat's one-line-a-programme result (the name when absent). */
    short: z.string().min(1).max(10).optional(),
    /** Where no form applies: what to do instead, from the document's words, and whom to ask. */
    referral: z.string().min(1).optional(),
    sources: z.array(z.strictObject({
      section: z.string().regex(/^\d+(\.\d+)*$/, 'must be a section id such as 2.1'),
      quote: z.string().min(1),
    })).min(1),
    further_conditions: z.boolean().default(false),
    further_conditions_quote: z.string().min(1).optional(),
    why: z.string().min(1),
    rule: ConditionSchema,
  })).min(1),
})
