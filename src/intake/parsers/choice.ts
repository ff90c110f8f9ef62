// One of a field's own options (forms as data: subsidyType, insurance, workKind): by its value, its number in
// the question, its label or one of its everyday words. An option that `combines` others wins when all of them
// are named (养老和医疗都要 -> both).
import { fail, ok, type ChoiceOption, type Finder, type ParseContext, type ParseResult } from './types.js'
import { compact, looksLikeQuestion } from './text.js'

function hint(options: ChoiceOption[]): string {
  return `请从这几项里选一个，回复编号或名称：${options.map((o, i) => `${i + 1}. ${o.label}`).join('；')}`
}

/** Every option named in the text, each with where its first word is. */
function named(text: string, options: ChoiceOption[]): Array<{ option: ChoiceOption; start: number; end: number }> {
  const t = text.normalize('NFKC').toLowerCase()
  const hits: Array<{ option: ChoiceOption; start: number; end: number }> = []
  for (const option of options) {
    let best: { start: number; end: number } | undefined
    for (const word of [option.label, ...option.words].map((w) => w.toLowerCase())) {
      const start = t.indexOf(word)
      if (start >= 0 && (!best || start < best.start)) best = { start, end: start + word.length }
    }
    if (best) hits.push({ option, ...best })
  }
  return hits
}

/** The one option the text names, or a combining option when all it combines are named. */
function pick(text: string, options: ChoiceOption[]): { option: ChoiceOption; start: number; end: number } | null {
  const hits = named(text, options)
  const combining = options.find((o) => o.combines?.length && o.combines.every((v) => hits.some((h) => h.option.value === v)))
  if (combining) {
    const parts = hits.filter((h) => combining.combines!.includes(h.option.value) || h.option === combining)
    return { option: combining, start: Math.min(...parts.map((h) => h.start)), end: Math.max(...parts.map((h) => h.end)) }
  }
  const direct = hits.find((h) => h.option.combines?.length)
  if (direct) return direct
  return hits.length === 1 ? hits[0] : null
}

export function parseChoice(text: string, ctx: ParseContext = {}): ParseResult<string> {
  const options = ctx.options ?? []
  const t = compact(text)
  const byValue = options.find((o) => o.value.toLowerCase() === t)
  if (byValue) return ok(byValue.value)
  const index = Number(t.replace(/^第|[个项号]$/g, ''))
  if (Number.isInteger(index) && index >= 1 && index <= options.length) return ok(options[index - 1].value)
  const hit = pick(text, options)
  if (hit && !/[?？]\s*$/.test(text)) return ok(hit.option.value)
  return fail(hint(options), looksLikeQuestion(text) ? 'question' : 'unclear')
}

export const findChoice: Finder<string> = (text, ctx = {}) => {
  const hit = pick(text, ctx.options ?? [])
  return hit ? { value: hit.option.value, start: hit.start, end: hit.end } : null
}
