// Small text helpers shared by the parsers: users type full-width digits, stray punctuation and polite particles.

/**
 * The same function, keeping its last result: one turn runs the same message through every command, trigger,
 * form and parser that looks at it, and each of them normalises it first.
 */
export function rememberLast<T>(fn: (text: string) => T): (text: string) => T {
  let lastText: string | undefined
  let lastResult!: T
  return (text) => {
    if (text !== lastText) {
      lastResult = fn(text)
      lastText = text
    }
    return lastResult
  }
}

/** NFKC (full-width digits and letters to half-width) and trimmed. */
export const normalize = rememberLast((text) => text.normalize('NFKC').trim())

const EDGE_CHARS = new Set(',.;:!?~、。，；：！？～…"\'“”‘’「」『』《》()[]【】')
const isEdge = (c: string) => EDGE_CHARS.has(c) || /\s/.test(c)

/** Strips punctuation and spaces from both ends. */
// A loop, not a regular expression: it runs several times on every message, and the regex scanned the whole text.
export function trimPunctuation(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && isEdge(text[start])) start++
  while (end > start && isEdge(text[end - 1])) end--
  return start === 0 && end === text.length ? text : text.slice(start, end)
}

const TRAILING_PARTICLES = /(?:啊|呀|吧|哦|噢|哈|嘛|啦|呗|喔|哟|咯)+$/

/** NFKC, lower-case, without edge punctuation or trailing 啊/吧/哦: the form short answers are compared in. */
export const compact = rememberLast((text) => trimPunctuation(trimPunctuation(normalize(text).toLowerCase()).replace(TRAILING_PARTICLES, '')))

/** A message that reads as a question rather than an answer. */
export function looksLikeQuestion(text: string): boolean {
  const t = normalize(text)
  return (
    /[?？]\s*$/.test(t) ||
    /(吗|呢|么|对吧|是吧|对不对|是不是|没错吧|对嘛|[^不]不)\s*[。.!！]?\s*$/.test(t) ||
    /(什么|怎么|为什么|为啥|如何|能不能|可不可以|是否|多少|哪些|哪里|哪儿|啥|咋|有没有|听说|据说)/.test(t)
  )
}

export { todayInChina } from '../../china-today.js'

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
