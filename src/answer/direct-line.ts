// The plain line every answer opens with: it answers the asked thing (可以 / 要看条件 / 不是 / 文件没有写 …) with the
// condition or figure, taken from the sentence that carries it. Only the document's words, never a new fact.
import { ASKS_BENEFIT, ASKS_WHO, STATES_BENEFIT, STATES_WHO } from './asked.js'
import { extractFigures } from './figures.js'

export interface DirectLineInput {
  question: string
  /** The sentence that carries the answer (the top section's best). */
  sentence: string
  /** Further quoted sentences of the same section, where the asked clause may be instead. */
  alsoQuoted?: string[]
  /** What a clause holding the asked figure looks like, when a figure is asked for. */
  wants?: RegExp
  /** The document's words for the kinds of workers the question names. */
  asker?: string[]
  /** The worker's hukou, when the question or the conversation says it. */
  hukou?: 'ningbo' | 'other'
  /** The document's words the question maps to (网上 → 掌上办), weighed with its own when picking the clause. */
  terms?: string[]
  /** The whole section's sentences: a figure the question assumes is checked against all of them. */
  sectionSentences?: string[]
}

const HUKOU_OTHER = /外地|外省|外市|非本市|外来|不是本地|不是宁波/
const HUKOU_NINGBO = /本地户口|本地户籍|本市户籍|宁波户口|宁波户籍|本地人|宁波人/

/** The hukou a message states, if any (我是外地的 → other). */
export function hukouIn(text: string): 'ningbo' | 'other' | undefined {
  return HUKOU_OTHER.test(text) ? 'other' : HUKOU_NINGBO.test(text) ? 'ningbo' : undefined
}

const YES_NO = /吗|[么不没][？?]?$|能不能|可不可以|可以不|能否|是否|有没有|算不算|行不行|会不会|是不是|可以[？?]?$|行[？?]?$/
const PERMITS = /允许|可按规定|可以|覆盖|纳入|扩大到|给予|无差别落实|畅通/
// The sentence draws a circle round who may: the answer is "it depends", with the condition.
const CONDITIONAL = /所有在|\d+年内|本市户籍|专职|符合条件的/
const CLAUSE_END = /[，；：]/
// "最多能贷多少" asks for a limit: the clause that sets one (不超过营运车辆购置总额) answers it.
const ASKS_LIMIT = /最多|最高|上限|额度|贷多少|能贷多少/
const STATES_LIMIT = /不超过|上限|最高/
const MAX_CLAUSE_CHARS = 90

/**
 * The words that hold the answer: of the quoted sentences' clauses, the one closest to the question (its words,
 * the document words they map to, a rule's verb, the figure asked for), with the next when it is too short alone.
 */
export function carryingClause(question: string, quoted: string | string[], terms: string[] = [], wants?: RegExp): string {
  const sentences = (typeof quoted === 'string' ? [quoted] : quoted).map((s) => s.replace(/[。！？；]$/, ''))
  const clauses = sentences.flatMap((sentence, rank) => {
    const parts = sentence.split(CLAUSE_END).filter(Boolean)
    return parts.map((text, i) => ({ text, next: parts[i + 1], sentence, rank }))
  })
  if (clauses.length === 0) return ''
  if (clauses.length === 1) return trim(sentences[0]!)
  const wanted = bigrams(question)
  const asksWho = ASKS_WHO.test(question)
  const asksLimit = ASKS_LIMIT.test(question)
  const asksBenefit = ASKS_BENEFIT.test(question)
  const score = ({ text, rank }: { text: string; rank: number }) =>
    (rank === 0 ? 1 : 0) + // retrieval ranked this sentence best
    (asksWho && STATES_WHO.test(text) ? 2 : 0) +
    (asksLimit && STATES_LIMIT.test(text) ? 5 : 0) +
    (asksBenefit && STATES_BENEFIT.test(text) ? 5 : 0) +
    overlap(documentBigrams(text), wanted) +
    (PERMITS.test(text) && !wants ? 2 : 0) +
    2 * terms.filter((t) => text.includes(t)).length
  // Asked for a figure: the clause that has one answers, whatever else matches better.
  const withFigure = wants ? clauses.filter((c) => wants.test(c.text)) : []
  const candidates = withFigure.length ? withFigure : clauses
  const best = candidates.reduce((a, b) => (score(b) > score(a) ? b : a))
  // A clause too short to stand alone ("对符合条件的灵活就业人员") takes the next one with it.
  const { text, next, sentence } = best
  return trim(text.length < 16 && next ? sentence.slice(sentence.indexOf(text), sentence.indexOf(next, sentence.indexOf(text)) + next.length) : text)
}

export function directLine({ question, sentence, alsoQuoted = [], wants, asker = [], hukou = hukouIn(question), terms, sectionSentences = [sentence] }: DirectLineInput): string {
  const premise = wrongAmount(question, sectionSentences)
  if (premise) return `不是${premise.asked}元。文件写的是：${carryingClause(question, premise.sentence)}。`
  const clause = carryingClause(question, [sentence, ...alsoQuoted], terms, wants)
  const years = wrongYears(question, clause)
  if (years) return `不是${years}年。文件写的是：${clause}。`
  const claimed = CLAIMED_CONDITION.exec(question)?.[1]?.replace(/^(是|有|要|先)/, '')
  // 只有建筑工人才能交，送外卖的不行？ The quote names other workers too: say so, with each one's clause.
  const naming = [sentence, ...alsoQuoted].filter((s) => asker.some((t) => s.includes(t)))
  if (claimed && /只有|只能/.test(question) && naming.length >= 2) {
    return `不只是“${claimed}”。文件写的是：${naming.map((s) => carryingClause(question, s, asker)).join('；')}。`
  }
  const condition = asker.some((t) => sectionSentences.some((s) => s.includes(t))) ? undefined : unstatedCondition(claimed, sectionSentences)
  if (condition) return `文件没有写要“${condition}”。它写的是：${clause}。`
  if (hukou === 'other' && /本市户籍/.test(sentence)) {
    return `要看户籍：文件写的是“${clause}”，只说了本市户籍，没有写外地户籍的人员能不能参加。`
  }
  if (YES_NO.test(question) && PERMITS.test(sentence)) {
    return `${CONDITIONAL.test(sentence) ? '要看条件' : '可以'}：${clause}。`
  }
  return `文件写的是：${clause}。`
}

const MONEY_WORDS = /补贴|钱|块|元|工资|贷/
const HAS_NUMBER = /\d|[一二两三四五六七八九十百千万][十百千万块元]|[十百千万]块/

/** An amount the question takes for granted that the section contradicts (it states another, never that one). */
function wrongAmount(question: string, sentences: string[]): { asked: string; sentence: string } | undefined {
  if (!HAS_NUMBER.test(question)) return undefined // most questions name no figure: skip the parsing
  const moneyish = MONEY_WORDS.test(question)
  const asked = extractFigures(question).filter((f) => f.unit === 'money' || (f.unit === '' && moneyish))
  if (!asked.length) return undefined
  const stated = sentences.map((text) => ({ text, amounts: extractFigures(text).filter((f) => f.unit === 'money').map((f) => f.value) }))
  if (asked.some((a) => stated.some((s) => s.amounts.includes(a.value)))) return undefined
  const carrying = stated.find((s) => s.amounts.length > 0 && /每人|每月|补贴/.test(s.text))
  return carrying ? { asked: asked[0]!.value, sentence: carrying.text } : undefined
}

const CLAIMS = /听说|据说|说是|好像|是不是|不是.*吗|只有|只能|对吧|对不对|是吗|没错吧/

/** A number of years the question assumes (初创3年内) where the clause that answers it states another (5年内). */
function wrongYears(question: string, clause: string): string | undefined {
  // 我开店7年了 states the worker's own case; only a claim about the rule (听说只有3年内…对吧) is corrected.
  if (!CLAIMS.test(question) || !/年/.test(question)) return undefined
  const asked = extractFigures(question).filter((f) => f.unit === 'year' && Number(f.value) < 100)
  const stated = extractFigures(clause).filter((f) => f.unit === 'year' && Number(f.value) < 100).map((f) => f.value)
  if (!asked.length || !stated.length || asked.some((a) => stated.includes(a.value))) return undefined
  return asked[0]!.value
}

// 只有本地户口才能交吗 / 是不是必须签劳动合同: a condition the worker takes for granted.
const CLAIMED_CONDITION = /(?:只有|必须|一定要|非得|得先|要先)(.{2,12}?)(?:才能|才可以|才行|才|吗|呢|？|\?|，|$)/
// The document's words for what a claimed condition names (户口 is written 户籍).
const CONDITION_WORDS: Array<[RegExp, RegExp]> = [
  [/户口|户籍|本地人|宁波人/, /户籍/],
  [/合同/, /合同/],
  [/单位|公司|雇主|老板/, /单位|企业/],
  [/年满|岁|年龄/, /年龄|超龄/],
]

/** A condition the question assumes that nothing in the section states (the answer says so, with what it does say). */
function unstatedCondition(claimed: string | undefined, sentences: string[]): string | undefined {
  if (!claimed) return undefined
  const text = sentences.join('')
  const words = CONDITION_WORDS.find(([asked]) => asked.test(claimed))
  if (words) return words[1].test(text) ? undefined : claimed
  // Otherwise: stated when most of its words are in the section.
  const grams = bigrams(claimed)
  let found = 0
  for (const g of grams) if (text.includes(g)) found++
  return grams.size > 0 && found / grams.size < 0.5 ? claimed : undefined
}

function trim(text: string): string {
  return text.length > MAX_CLAUSE_CHARS ? `${text.slice(0, MAX_CLAUSE_CHARS)}…` : text
}

// The document's clauses come again and again: their bigrams are worked out once (the document is fixed).
const clauseBigrams = new Map<string, Set<string>>()
const MAX_REMEMBERED_CLAUSES = 5000

function bigrams(text: string): Set<string> {
  const chars = text.replace(/[^\p{Script=Han}\w]/gu, '')
  const out = new Set<string>()
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars.slice(i, i + 2))
  return out
}

function documentBigrams(clause: string): Set<string> {
  let grams = clauseBigrams.get(clause)
  if (!grams) {
    grams = bigrams(clause)
    if (clauseBigrams.size < MAX_REMEMBERED_CLAUSES) clauseBigrams.set(clause, grams)
  }
  return grams
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0
  for (const x of a) if (b.has(x)) n++
  return n
}
