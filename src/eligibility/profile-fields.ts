// The guided check's questions (knowledge/profile-fields.yaml): one per profile field, validated against the
// Profile schema so a question can never ask for a field or value the evaluator does not know.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { parseKnowledgeYaml } from '../knowledge/yaml.js'
import { z } from 'zod'
import { isRealDate } from './dates.js'
import { isProfileField, PROFILE_FIELD_NAMES, PROFILE_FIELDS, type ProfileField } from './profile.js'

const common = { id: z.string().min(1), label: z.string().min(1), question: z.string().min(1) }
const FieldSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...common, type: z.literal('boolean') }),
  z.strictObject({ ...common, type: z.literal('date') }),
  z.strictObject({
    ...common,
    type: z.literal('enum'),
    options: z.array(z.strictObject({ value: z.string().min(1), label: z.string().min(1) })).min(2),
  }),
])
const FileSchema = z.strictObject({ fields: z.array(FieldSchema).min(1) })

export type ProfileFieldSpec = z.infer<typeof FieldSchema> & { id: ProfileField }

export function parseProfileFields(text: string, source = 'profile-fields.yaml'): ProfileFieldSpec[] {
  const fail = (message: string): never => { throw new Error(`${source}: ${message}`) }
  const parsed = FileSchema.safeParse(parseKnowledgeYaml(text))
  if (!parsed.success) {
    const i = parsed.error.issues[0]
    return fail(`${i.path.join('.') || '(root)'}: ${i.message}`)
  }
  const seen = new Set<string>()
  for (const f of parsed.data.fields) {
    if (!isProfileField(f.id)) return fail(`${f.id} is not a profile field`)
    if (seen.has(f.id)) fail(`${f.id} appears twice`)
    seen.add(f.id)
    const kind = PROFILE_FIELDS[f.id]
    if (f.type !== kind.kind) fail(`${f.id} is a ${kind.kind} field, not ${f.type}`)
    if (f.type === 'enum' && kind.kind === 'enum') {
      const values = f.options.map((o) => o.value)
      if (values.join('|') !== kind.options.join('|')) fail(`${f.id} options must be exactly ${kind.options.join(', ')}`)
    }
  }
  for (const name of PROFILE_FIELD_NAMES) if (!seen.has(name)) fail(`no question for ${name}`)
  return parsed.data.fields as ProfileFieldSpec[]
}

export function loadProfileFields(file: string): ProfileFieldSpec[] {
  return parseProfileFields(readFileSync(file, 'utf8'), basename(file))
}

/** The question as sent to the worker: enum options numbered so a digit is enough. */
export function formatQuestion(spec: ProfileFieldSpec): string {
  if (spec.type === 'boolean') return `${spec.question}（请回复“是”或“不是”）`
  if (spec.type === 'date') return spec.question
  const options = spec.options.map((o, i) => `${i + 1}. ${o.label}`).join('\n')
  return `${spec.question}\n${options}\n（回复数字即可）`
}

const YES = /^(是|是的|对|对的|有|有的|嗯|好|要|正在|打算|yes|y|true|1)$/i
const NO = /^(不是|否|不|没有|没|无|不对|不要|no|n|false|0)$/i

function parseDate(text: string): string | undefined {
  const m = text.match(/(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?/)
  if (!m) return undefined
  const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`
  return isRealDate(date) ? date : undefined
}

function labelTerms(label: string): string[] {
  return label.split(/[（）、，]/).map((t) => t.replace(/等$/, '').trim()).filter((t) => t.length >= 2)
}

/**
 * Reads a worker's reply to a field's question; undefined when it cannot tell (the engine then asks again).
 * Accepts the option number, its value or its label (or a distinctive part of it, e.g. 网约车).
 */
export function parseFieldAnswer(spec: ProfileFieldSpec, reply: string): string | boolean | undefined {
  const text = reply.normalize('NFKC').trim().replace(/[。！!,.，\s]+$/g, '')
  if (spec.type === 'boolean') {
    if (NO.test(text) || /^(不是|没有|不)/.test(text)) return false
    if (YES.test(text) || /^(是|有|对)/.test(text)) return true
    return undefined
  }
  if (spec.type === 'date') return parseDate(text)
  const index = Number(text)
  if (Number.isInteger(index) && index >= 1 && index <= spec.options.length) return spec.options[index - 1].value
  const exact = spec.options.find((o) => o.value === text || o.label === text)
  if (exact) return exact.value
  // "不在宁波" must not match 在宁波: a negated free-text reply is left for the engine to ask again.
  if (/[不没非]/.test(text)) return undefined
  // A term of a label (its head or a word in its brackets, e.g. 网约车, 外卖, 电商) found in the reply.
  const matches = spec.options.filter((o) => labelTerms(o.label).some((term) => text.includes(term) || (text.length >= 2 && term.includes(text))))
  return matches.length === 1 ? matches[0].value : undefined
}
