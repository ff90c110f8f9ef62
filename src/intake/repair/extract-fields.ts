// Several fields in one message (我叫李四，手机13700137000): labelled segments, unambiguous patterns, the awaited field.
import type { Form, FormField } from '../form-schema.js'
import { FIELD_KINDS, type ParseMeta, type ParserKind } from '../parsers/index.js'
import { findAliases, isLabel, parseContext } from '../form-helpers.js'
import { trimPunctuation } from '../parsers/text.js'

export interface ExtractOptions {
  /** YYYY-MM-DD, for relative and future dates. */
  today?: string
  /** The field the assistant just asked for: unlabelled leftover text is read as its answer. */
  awaiting?: string | null
  /** Field ids not to extract (e.g. those already answered). */
  skip?: string[]
}

export interface ExtractedField {
  value: unknown
  meta?: ParseMeta
  /** How it was found: after a label (手机…), by its unmistakable shape, or as the answer to the awaited field. */
  source: 'label' | 'pattern' | 'awaited'
}

// Kinds whose parser accepts almost any words: after a label they need an explicit 是/：, or a dictionary hit.
const LENIENT: ParserKind[] = ['employer', 'description', 'platform', 'industry']
const CLAUSE_END = /[，,；;。！!？?\n]/
/** What separates the values in 孙悦 15900001111 送快递, 孙悦/159…/顺丰: blanks (where values were), slashes, clause ends; not the space in Zhang Wei. */
const PIECE_SEPARATOR = /\s{2,}|[/|｜、，,；;。！!？?\n]+|(?<![A-Za-z.'-])\s+|\s+(?![A-Za-z])/
const CONNECTOR = /^\s*(?:号码|号)?\s*(?:是|为|叫|:)\s*/

function blank(text: string, spans: Array<[number, number]>): string {
  let out = text
  for (const [start, end] of spans) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end)
  return out
}

/** Every valid field value in the message, with how it was found. Consent is never extracted: it is asked for. */
export function extractFieldResults(form: Form, text: string, opts: ExtractOptions = {}): Record<string, ExtractedField> {
  const t = text.normalize('NFKC')
  const skip = new Set(opts.skip ?? [])
  const wanted = (f: FormField) => f.parser !== 'consent' && !skip.has(f.id)
  const found: Record<string, ExtractedField> = {}
  const consumed: Array<[number, number]> = []

  // 1. Labelled segments: the text after a field's name, up to the next name or the end of the clause.
  const hits = findAliases(form, t).filter((hit) => isLabel(hit, t))
  hits.forEach((hit, i) => {
    const nextLabel = hits[i + 1]?.start ?? t.length
    const rest = t.slice(hit.end, nextLabel)
    const clauseEnd = hit.field.parser === 'description' ? -1 : rest.search(CLAUSE_END)
    const segment = clauseEnd >= 0 ? rest.slice(0, clauseEnd) : rest
    if (!wanted(hit.field)) return
    const connector = CONNECTOR.exec(segment)
    const raw = trimPunctuation(segment.slice(connector?.[0].length ?? 0))
    if (!raw) return
    const kind = FIELD_KINDS[hit.field.parser]
    if (LENIENT.includes(hit.field.parser) && !connector && !kind.find?.(raw)) return
    const result = kind.parse(raw, parseContext(hit.field, opts.today))
    if (!result.ok) return
    // A later label for the same field wins (电话138…，不对，电话139…).
    found[hit.field.id] = { value: result.value, meta: result.meta, source: 'label' }
    consumed.push([hit.start, hit.end + segment.length])
  })

  // 2. Unlabelled but unmistakable values (an 18-character ID, an 11-digit mobile, 20万元), one field per kind.
  const open = form.fields.filter((f) => wanted(f) && !found[f.id])
  for (const field of open) {
    const kind = FIELD_KINDS[field.parser]
    if (!kind.find) continue
    if (form.fields.filter((f) => f.parser === field.parser && wanted(f)).length > 1) continue
    const hit = kind.find(blank(t, consumed), parseContext(field, opts.today))
    if (!hit) continue
    found[field.id] = { value: hit.value, meta: hit.meta, source: 'pattern' }
    if (hit.end > hit.start) consumed.push([hit.start, hit.end])
  }

  // 3. What is left answers the field that was asked for.
  const awaited = opts.awaiting ? form.fields.find((f) => f.id === opts.awaiting) : undefined
  if (awaited && wanted(awaited) && !found[awaited.id]) {
    const ctx = parseContext(awaited, opts.today)
    const kind = FIELD_KINDS[awaited.parser]
    // A description is the whole message, numbers and all, or nothing: one clause of a story too long to keep
    // would be saved as if it were all of it. Anything else is the leftover text or one clause of it.
    const leftover = awaited.parser === 'description' ? text : trimPunctuation(blank(t, consumed).replace(/\s{2,}/g, ' '))
    const clauses = leftover.split(CLAUSE_END).map((c) => trimPunctuation(c))
    // 孙悦 15900001111 送快递: once other values are taken out, the pieces between them are tried one by one
    // first, so nothing left of another value is glued to the name (孙悦送).
    const pieces = consumed.length ? blank(t, consumed).split(PIECE_SEPARATOR).map((c) => trimPunctuation(c)) : []
    const tries = awaited.parser === 'description' ? [leftover] : [...pieces, leftover, ...clauses].filter(Boolean)
    for (const attempt of tries) {
      const result = kind.parse(attempt, ctx)
      if (result.ok) {
        found[awaited.id] = { value: result.value, meta: result.meta, source: 'awaited' }
        break
      }
    }
  }
  return found
}

/** Every valid field value in the message: { fieldId: value }. */
export function extractFields(form: Form, text: string, opts: ExtractOptions = {}): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [id, field] of Object.entries(extractFieldResults(form, text, opts))) values[id] = field.value
  return values
}

export interface InvalidValue {
  fieldId: string
  /** The field's own hint: what is wrong with the value given (校验位对不上, 应为11位). */
  hint: string
}

// Runs of digits (grouped as people type them) long enough to be meant as an ID or a phone number.
const DIGIT_RUN = /(?<![0-9A-Za-z])\d(?:[\s-]?\d){8,18}[Xx]?(?![0-9A-Za-z])/g

/**
 * The values a message gives that fail validation, named so the reply can say what is wrong: a labelled value
 * its parser refuses (身份证号：1101…0021), or a run of digits shaped like an ID (15 or more) or a mobile (9 to 12,
 * starting with 1) that is not a valid one. Fields found valid in the same message (`found`) are not reported.
 */
export function invalidValues(form: Form, text: string, found: Record<string, unknown>, opts: ExtractOptions = {}): InvalidValue[] {
  const t = text.normalize('NFKC')
  const skip = new Set(opts.skip ?? [])
  const open = (f: FormField | undefined): f is FormField => !!f && f.parser !== 'consent' && !skip.has(f.id) && found[f.id] === undefined
  const problems = new Map<string, string>()
  const hits = findAliases(form, t).filter((hit) => isLabel(hit, t))
  hits.forEach((hit, i) => {
    if (!open(hit.field) || !STRICT.includes(hit.field.parser)) return
    const rest = t.slice(hit.end, hits[i + 1]?.start ?? t.length)
    const end = rest.search(CLAUSE_END)
    const raw = trimPunctuation((end >= 0 ? rest.slice(0, end) : rest).replace(CONNECTOR, ''))
    const result = raw ? FIELD_KINDS[hit.field.parser].parse(raw, parseContext(hit.field, opts.today)) : null
    if (result && !result.ok) problems.set(hit.field.id, result.hint)
  })
  for (const m of t.matchAll(DIGIT_RUN)) {
    const digits = m[0].replace(/[\s-]/g, '')
    const kind = digits.length >= 15 ? 'idNumber' : digits.startsWith('1') && digits.length <= 12 ? 'phone' : null
    const field = kind ? form.fields.find((f) => f.parser === kind) : undefined
    if (!open(field) || problems.has(field.id)) continue
    const result = FIELD_KINDS[field.parser].parse(m[0], parseContext(field, opts.today))
    if (!result.ok) problems.set(field.id, result.hint)
  }
  return [...problems].map(([fieldId, hint]) => ({ fieldId, hint }))
}

/** Kinds whose values have a shape of their own, so a wrong one given with a label is worth naming. */
const STRICT: ParserKind[] = ['phone', 'idNumber', 'date', 'money', 'name']
