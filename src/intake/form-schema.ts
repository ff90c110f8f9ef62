// The shape of a form file in knowledge/forms/*.yaml, checked at start-up so a bad form stops the service.
import { z } from 'zod'
import { PARSER_KINDS } from './parsers/index.js'
import { CONTRACT_PROGRAMME_IDS } from '../eligibility/programmes.js'
import { PROFILE_FIELD_NAMES, type ProfileField } from '../eligibility/profile.js'

// CONTRACT.md "Programme ids" and "Profile fields" (one list, kept by the eligibility module): a form may only point at these.
export const PROGRAMME_IDS = CONTRACT_PROGRAMME_IDS
const PROFILE_FIELD_IDS = PROFILE_FIELD_NAMES as [ProfileField, ...ProfileField[]]

const text = z.string().trim().min(1)

export const fieldSchema = z.strictObject({
  id: z.string().regex(/^[a-z][A-Za-z0-9]*$/, { message: 'must be camelCase, e.g. idNumber' }),
  /** Names the field in the summary. */
  label: text,
  /** What the assistant asks. */
  question: text,
  parser: z.enum(PARSER_KINDS),
  /** Masked in every display: 'id' as 110***********002X, 'phone' as 138****8000. */
  sensitive: z.enum(['id', 'phone']).optional(),
  /** The profile field this answer sets, so the engine can re-check eligibility when it changes. */
  profileField: z.enum(PROFILE_FIELD_IDS).optional(),
  /** Words users name this field by, in labelled answers and corrections (电话, 手机号). */
  aliases: z.array(text).default([]),
  /** Dates: refuse dates after today. */
  notFuture: z.boolean().optional(),
  /** Free text: length bounds. */
  minLength: z.number().int().positive().optional(),
  maxLength: z.number().int().positive().optional(),
  /** What to say when an answer cannot be read, instead of the parser's own hint. */
  hint: text.optional(),
  /** parser: choice: the options, each with its everyday words and the profile facts choosing it states. */
  options: z.array(z.strictObject({
    value: z.string().regex(/^[a-z][a-z_]*$/),
    label: text,
    words: z.array(text).default([]),
    combines: z.array(z.string()).optional(),
    implies: z.partialRecord(z.enum(PROFILE_FIELD_IDS), z.union([z.string(), z.boolean()])).optional(),
  })).min(2).optional(),
})

export const formSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, { message: 'must be snake_case, e.g. work_injury_insurance' }),
    title: text,
    /** The programme (CONTRACT.md programme id) whose eligibility is checked before collecting data. */
    programId: z.enum(PROGRAMME_IDS),
    /** Other programmes this form applies for (one start-up subsidy form serves all three subsidies). */
    alsoFor: z.array(z.enum(PROGRAMME_IDS)).default([]),
    /** What users say to start this form: about applying, not asking (骑手能交工伤保险吗 is a question). */
    triggers: z.array(text).min(1),
    /** Topic words that, with an apply verb (申请/办理/加入...), also start it: 帮我办一下工伤保险. */
    keywords: z.array(text).default([]),
    /** Words that mean another programme even with a keyword present (创业 in 创业社保补贴). */
    notWhen: z.array(text).default([]),
    /** When given, the keywords start this form only beside one of these words (工地, 实习 for standalone 工伤). */
    onlyWhen: z.array(text).default([]),
    /** One line shown when the form starts. */
    intro: text.optional(),
    /** PIPL: what is collected, why, who receives it, how to delete it; shown with the consent question. */
    privacyNotice: z.strictObject({ version: text, text }),
    /** Profile facts that applying itself states (wage_arrears: wageArrears true), for the eligibility checks. */
    implies: z.partialRecord(z.enum(PROFILE_FIELD_IDS), z.union([z.string(), z.boolean()])).optional(),
    fields: z.array(fieldSchema).min(2),
  })
  .superRefine((form, ctx) => {
    const issue = (message: string, path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path })
    const ids = new Set<string>()
    const aliasOwner = new Map<string, string>()
    form.fields.forEach((field, i) => {
      if (ids.has(field.id)) issue(`duplicate field id "${field.id}"`, ['fields', i, 'id'])
      ids.add(field.id)
      for (const alias of field.aliases) {
        const owner = aliasOwner.get(alias)
        if (owner && owner !== field.id) issue(`alias "${alias}" names both ${owner} and ${field.id}`, ['fields', i, 'aliases'])
        aliasOwner.set(alias, field.id)
      }
      if (field.sensitive === 'id' && field.parser !== 'idNumber') issue('sensitive: id needs parser idNumber', ['fields', i])
      if (field.sensitive === 'phone' && field.parser !== 'phone') issue('sensitive: phone needs parser phone', ['fields', i])
      if ((field.parser === 'idNumber' || field.parser === 'phone') && !field.sensitive) {
        issue(`a ${field.parser} field must be marked sensitive`, ['fields', i, 'sensitive'])
      }
      if (field.minLength && field.maxLength && field.minLength > field.maxLength) issue('minLength > maxLength', ['fields', i])
      if ((field.parser === 'choice') !== Boolean(field.options)) issue('options go with parser: choice, and only with it', ['fields', i, 'options'])
    })
    // Consent comes before any personal data is asked for, and only once.
    if (form.fields[0]?.parser !== 'consent' || form.fields[0]?.id !== 'consent') {
      issue('the first field must be { id: consent, parser: consent }', ['fields', 0])
    }
    if (form.fields.filter((f) => f.parser === 'consent').length !== 1) issue('exactly one consent field', ['fields'])
  })

export type FormField = z.infer<typeof fieldSchema>
export type Form = z.infer<typeof formSchema>
