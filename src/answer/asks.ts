// A message that asks several things (工伤保险能交吗？450补贴怎么拿？想开店能贷款吗？) is split into its asks, each
// answered in order. The worker's story (我跑外卖的，…) stays with the ask that follows it.
import { PUT_AS_QUESTION } from './asked.js'

const SENTENCE_END = new Set(['？', '?', '！', '!', '。', '\n'])
const CLAUSE = /[，,]/
/** An ask shorter than this (after punctuation) is no ask of its own (好吗？, 是吗？). */
const MIN_ASK_CHARS = 4
/** Two asks in one sentence (能交社保吗，有补贴吗); one that leans on the first (员工多少) is joined back by the answerer. */
const MIN_CLAUSE_ASK_CHARS = 3
const MAX_ASKS = 4

/** The asks of a message, in order; a message that asks one thing comes back whole, as one. */
export function splitAsks(text: string): string[] {
  const asks: string[] = []
  let story = ''
  for (const piece of sentencesOf(text)) {
    const clauses = piece.split(CLAUSE).map((c) => c.trim()).filter(Boolean)
    const asked = clauses.filter((c) => PUT_AS_QUESTION.test(c))
    if (asked.length >= 2 && asked.every((c) => size(c) >= MIN_CLAUSE_ASK_CHARS)) {
      // 工伤保险能交吗，养老保险能交吗: two asks in one sentence; clauses before the first are its story.
      const lead = clauses.slice(0, clauses.indexOf(asked[0]!)).join('，')
      asked.forEach((c, i) => asks.push(i === 0 ? join(story, lead, c) : c))
      story = ''
    } else if (PUT_AS_QUESTION.test(piece) && size(piece) >= MIN_ASK_CHARS) {
      asks.push(join(story, piece))
      story = ''
    } else {
      story = join(story, piece)
    }
  }
  if (asks.length < 2 || asks.length > MAX_ASKS) return [text]
  if (story) asks[asks.length - 1] = join(asks[asks.length - 1]!, story)
  return asks
}

/** The message's sentences, each with its closing mark (a plain scan: this runs on every new question). */
function sentencesOf(text: string): string[] {
  const out: string[] = []
  let start = 0
  for (let i = 0; i < text.length; i++) {
    if (!SENTENCE_END.has(text[i]!)) continue
    const piece = text.slice(start, text[i] === '\n' ? i : i + 1).trim()
    if (piece) out.push(piece)
    start = i + 1
  }
  const rest = text.slice(start).trim()
  if (rest) out.push(rest)
  return out
}

function size(text: string): number {
  return text.replace(/[\s?？!！。，,吗呢吧啊]/g, '').length
}

function join(...parts: string[]): string {
  return parts.filter(Boolean).map((p) => p.replace(/[，,]$/, '')).join('，')
}
