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
    const tries = awaited.parser === 'description' ? [leftover] : [leftover, ...leftover.split(CLAUSE_END).map((c) => trimPunctuation(c))].filter(Boolean)
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
