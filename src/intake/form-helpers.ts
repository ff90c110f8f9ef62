// Small lookups over a Form shared by the engine and the repair helpers.
import type { Form, FormField } from './form-schema.js'
import { FIELD_KINDS, type ParseContext, type ParseResult } from './parsers/index.js'

/** The form that applies for a programme (its programId or one of its alsoFor), if any. */
export function formForProgramme(forms: Form[], programId: string): Form | undefined {
  return forms.find((f) => f.programId === programId) ?? forms.find((f) => (f.alsoFor as readonly string[]).includes(programId))
}

export function fieldById(form: Form, fieldId: string): FormField | undefined {
  return form.fields.find((f) => f.id === fieldId)
}

/** The first field without a value, in form order (consent first), or null when the form is complete. */
export function nextField(form: Form, values: Record<string, unknown>): FormField | null {
  return form.fields.find((f) => values[f.id] === undefined || values[f.id] === null) ?? null
}

/** The parser options a field declares, plus today's date. */
export function parseContext(field: FormField, today?: string): ParseContext {
  return { today, notFuture: field.notFuture, minLength: field.minLength, maxLength: field.maxLength, options: field.options }
}

/** Parses an answer to one field with that field's parser and options. */
export function parseField(field: FormField, text: string, today?: string): ParseResult {
  const result = FIELD_KINDS[field.parser].parse(text, parseContext(field, today))
  // A form may word the re-ask for its own field (the employer of a work-injury enquiry is not an unpaid one).
  return !result.ok && field.hint ? { ...result, hint: field.hint } : result
}

export interface AliasHit {
  field: FormField
  alias: string
  start: number
  end: number
}

/** Every field name (alias) in the text, left to right, longest first where they overlap (手机号码 over 手机). */
// A form's aliases, longest first: fixed per form, so sorted once rather than on every message.
const sortedAliases = new WeakMap<Form, { field: FormField; alias: string }[]>()

function aliasesOf(form: Form): { field: FormField; alias: string }[] {
  let aliases = sortedAliases.get(form)
  if (!aliases) {
    aliases = form.fields
      .filter((f) => f.parser !== 'consent')
      .flatMap((field) => field.aliases.map((alias) => ({ field, alias })))
      .sort((a, b) => b.alias.length - a.alias.length)
    sortedAliases.set(form, aliases)
  }
  return aliases
}

/** The field name (longest first) the text starts with, or null: findAliases(…)[0] when that is at 0, without the scan. */
export function aliasAtStart(form: Form, text: string): AliasHit | null {
  const hit = aliasesOf(form).find(({ alias }) => text.startsWith(alias))
  return hit ? { field: hit.field, alias: hit.alias, start: 0, end: hit.alias.length } : null
}

export function findAliases(form: Form, text: string): AliasHit[] {
  const aliases = aliasesOf(form)
  const hits: AliasHit[] = []
  let i = 0
  while (i < text.length) {
    const hit = aliases.find(({ alias }) => text.startsWith(alias, i))
    if (hit) {
      // Named, not spread: a spread plus new properties costs a hidden class per object (docs/performance.md, lesson 2).
      hits.push({ field: hit.field, alias: hit.alias, start: i, end: i + hit.alias.length })
      i += hit.alias.length
    } else {
      i++
    }
  }
  return hits
}

const BOUNDARY_BEFORE = /[\s,，、；;。！!？?:：的我是和及与另还]/
const STRICT_KINDS = new Set(['phone', 'idNumber', 'money', 'date'])

/**
 * Whether a field name is used as a label here rather than inside other words: 公司 in 宁波某某公司 is not a label,
 * 手机 in 李四，手机137… or 李四手机137… is.
 */
export function isLabel(hit: AliasHit, text: string): boolean {
  const before = hit.start === 0 ? '' : text[hit.start - 1]
  if (!before || BOUNDARY_BEFORE.test(before)) return true
  const after = text.slice(hit.end)
  if (/^\s*(?:号码|号)?\s*(?:是|为|叫|:|：)/.test(after)) return true
  return STRICT_KINDS.has(hit.field.parser) && /^\s*(?:号码|号)?\s*[+\d]/.test(after)
}
