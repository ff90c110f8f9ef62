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
    short: z.string().min(1).max(30).optional(), // at most 10 characters once its figures are filled in (load.ts)
    /** Where no form applies: what to do instead, from the document's words, and whom to ask. */
    referral: z.string().min(1).optional(),
    sources: z.array(z.strictObject({
      section: z.string().regex(/^\d+(\.\d+)*$/, 'must be a section id such as 2.1'),
      quote: z.string().min(1),
    })).min(1),
    /** Figures in the name that change over time: {key} in name/short, each a list of dated values with their source. */
    figures: z.record(z.string().regex(/^[a-zA-Z]+$/, 'figure names are letters'), z.array(z.strictObject({
      value: z.union([z.string(), z.number()]).transform(String),
      from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
      /** The document it comes from, when not the programmes' own. */
      document: z.string().optional(),
      section: z.string().regex(/^\d+(\.\d+)*$/, 'must be a section id such as 3.2'),
      quote: z.string().min(1),
    })).min(1)).optional(),
    further_conditions: z.boolean().default(false),
    further_conditions_quote: z.string().min(1).optional(),
    why: z.string().min(1),
    rule: ConditionSchema,
  })).min(1),
})
