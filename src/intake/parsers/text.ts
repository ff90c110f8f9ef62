// Small text helpers shared by the parsers: users type full-width digits, stray punctuation and polite particles.

/** NFKC (full-width digits and letters to half-width) and trimmed. */
export function normalize(text: string): string {
  return text.normalize('NFKC').trim()
}

const EDGE_PUNCTUATION = /^[\s,.;:!?~、。，；：！？～…"'“”‘’「」『』《》()\[\]【】]+|[\s,.;:!?~、。，；：！？～…"'“”‘’「」『』《》()\[\]【】]+$/g

/** Strips punctuation and spaces from both ends. */
export function trimPunctuation(text: string): string {
  return text.replace(EDGE_PUNCTUATION, '')
}

const TRAILING_PARTICLES = /(?:啊|呀|吧|哦|噢|哈|嘛|啦|呗|喔|哟|咯)+$/

/** NFKC, lower-case, without edge punctuation or trailing 啊/吧/哦: the form short answers are compared in. */
export function compact(text: string): string {
  let t = trimPunctuation(normalize(text).toLowerCase())
  t = t.replace(TRAILING_PARTICLES, '')
  return trimPunctuation(t)
}

/** A message that reads as a question rather than an answer. */
export function looksLikeQuestion(text: string): boolean {
  const t = normalize(text)
  return /[?？]\s*$/.test(t) || /(吗|呢|么)\s*[。.!！]?\s*$/.test(t) || /(什么|怎么|为什么|为啥|如何|能不能|可不可以|是否|多少|哪些|哪里|哪儿)/.test(t)
}

// Built once: constructing an Intl.DateTimeFormat costs about a millisecond, more than a whole turn.
const CHINA_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

/** Today in China as YYYY-MM-DD (the worker's calendar, whatever the server's time zone). */
export function todayInChina(now: Date = new Date()): string {
  return CHINA_DATE.format(now)
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
