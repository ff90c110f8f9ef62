// Figures in Chinese text: amounts, counts, percentages, dates and durations, written in Arabic or Chinese
// numerals (450元, 4.76 亿, 11%, 五年, 两万元, 百分之十, 2020年7月, 88.7 万人). Both an answer and its sources are
// normalised the same way so the guard can ask "does every figure in the answer appear in the sources?".

/** A figure's value and what it counts, e.g. 4.76亿元 -> { value: '476000000', unit: 'money' }. */
export interface Figure {
  /** The figure as written after normalisation, for logs (e.g. "4.76亿元"). */
  raw: string
  /** The value with 万/亿/千 applied, as a canonical decimal string; "%" appended for percentages. */
  value: string
  /** What the number counts, when the text says so; '' when it does not (then any unit matches). */
  unit: Unit
}

export type Unit = '' | 'money' | 'year' | 'month' | 'day' | 'person'

const CN_DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
}
const CN_SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }
const CN_NUMERAL_RUN = /[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?/g
// What may follow a lone numeral for it to be a figure rather than a word (一些, 统一, 三新, 八大, 之一).
const UNIT_AFTER_LONE_NUMERAL = /^(?:个月|年|月|日|天|周|岁|元|块|人|名|家|项|期|户|倍|万|亿|%|余|多)/
// 一 before a counter is usually an article (一名骑手, 一家企业): only time and money make it a figure (一年, 一万元).
const UNIT_AFTER_ONE = /^(?:个月|年|月|日|天|周|岁|元|块|倍|万|亿|%)/

/**
 * Text with Chinese numerals turned into Arabic ones (万/亿 kept as units), percentages written "N%",
 * spaces and thousands separators removed, full-width forms folded (NFKC).
 */
export function normaliseFigures(text: string): string {
  let out = text.normalize('NFKC').replace(/\s+/g, '')
  out = out.replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
  out = out.replace(/百分之([零〇一二两三四五六七八九十百点]+|\d+(?:\.\d+)?)/g, (_m, n: string) => {
    const value = /\d/.test(n) ? n : chineseToArabic(n)
    return value === null ? _m : `${value}%`
  })
  out = out.replace(CN_NUMERAL_RUN, (run, offset: number, whole: string) => {
    const after = whole.slice(offset + run.length)
    const before = whole.slice(0, offset)
    if (!isFigureRun(run, after, before)) return run
    return chineseToArabic(run) ?? run
  })
  return out
}

function isFigureRun(run: string, after: string, before: string): boolean {
  // 万一, 千万 (as in "千万不要"), 百姓: a numeral cannot start with a bare magnitude.
  if (/^[百千万亿]/.test(run)) return false
  // 第一, 第三年: ordinals are not figures.
  if (before.endsWith('第')) return false
  // 二〇二〇, 十三, 八十八点七万, 两万: unmistakably numbers.
  if (run.length >= 3 || (run.length === 2 && /[十百千万亿点]/.test(run))) return true
  // 一, 两, 三四: words as often as numbers (统一, 一些, 三新), so only with a unit after them (一年, 两项, 五年).
  return (run === '一' ? UNIT_AFTER_ONE : UNIT_AFTER_LONE_NUMERAL).test(after)
}

/** "二〇二〇" -> "2020", "八十八点七万" -> "88.7万", "两万" -> "2万", "一万二千" -> "12000"; null if unreadable. */
export function chineseToArabic(run: string): string | null {
  let unitSuffix = ''
  let body = run
  const trailing = /([万亿])$/.exec(body)
  // A trailing 万/亿 stays a unit (88.7万), unless the number already has one inside (一万二千 is fine, 一亿五千万 keeps 亿...万 as value).
  if (trailing && !/[万亿]/.test(body.slice(0, -1))) {
    unitSuffix = trailing[1]!
    body = body.slice(0, -1)
  }
  const [intPart = '', fracPart] = body.split('点')
  let intValue: number | null
  if (intPart === '') intValue = fracPart === undefined ? null : 0
  else if (/^[零〇一二两三四五六七八九]+$/.test(intPart) && intPart.length > 1) {
    intValue = Number([...intPart].map((c) => CN_DIGIT[c]).join('')) // digit by digit, as in years
  } else intValue = positional(intPart)
  if (intValue === null) return null
  let text = String(intValue)
  if (fracPart !== undefined) {
    if (fracPart === '') return null
    text += '.' + [...fracPart].map((c) => CN_DIGIT[c]).join('')
  }
  return text + unitSuffix
}

function positional(text: string): number | null {
  let total = 0
  let section = 0
  let digit: number | null = null
  for (const c of text) {
    if (c in CN_DIGIT) {
      digit = CN_DIGIT[c]!
    } else if (c in CN_SMALL_UNIT) {
      section += (digit ?? 1) * CN_SMALL_UNIT[c]!
      digit = null
    } else if (c === '万' || c === '亿') {
      const scale = c === '万' ? 1e4 : 1e8
      section += digit ?? 0
      total = c === '亿' ? (total + section) * scale : total + section * scale
      section = 0
      digit = null
    } else return null
  }
  return total + section + (digit ?? 0)
}

const MAGNITUDE: Record<string, number> = { 千: 1e3, 万: 1e4, 亿: 1e8 }
// A number, an optional magnitude, an optional "%", then (after 余/多/近 words) what it counts.
const FIGURE = /(\d+(?:\.\d+)?)(千|万|亿)?(%)?(?:余|多)?(个月|年|月|日|天|号|元|块|人次|人|名)?/g

/** Every figure in text, after normalisation. Numbers right after 第 (ordinals) are left out. */
export function extractFigures(text: string): Figure[] {
  const normalised = normaliseFigures(text)
  const figures: Figure[] = []
  for (const m of normalised.matchAll(FIGURE)) {
    const start = m.index
    const before = normalised.slice(0, start)
    // Part of a longer number (a decimal's tail) or an ordinal: not a figure of its own.
    if (/[\d.]$/.test(before) || before.endsWith('第')) continue
    const [raw, num, magnitude, percent, unitWord] = m
    const value = canonical(Number(num) * (magnitude ? MAGNITUDE[magnitude]! : 1)) + (percent ? '%' : '')
    figures.push({ raw, value, unit: unitOf(unitWord) })
  }
  return figures
}

function canonical(n: number): string {
  return String(Number(n.toPrecision(12)))
}

function unitOf(word: string | undefined): Unit {
  switch (word) {
    case '元':
    case '块':
      return 'money'
    case '年':
      return 'year'
    case '个月':
    case '月':
      return 'month'
    case '日':
    case '天':
    case '号':
      return 'day'
    case '人':
    case '人次':
    case '名':
      return 'person'
    default:
      return ''
  }
}

/** Year-and-month dates ("2020年7月"), which must appear together, not just as two loose numbers. */
export function extractYearMonths(text: string): string[] {
  return [...normaliseFigures(text).matchAll(/(?<![\d.])(\d{4})年(\d{1,2})月/g)].map((m) => `${m[1]}年${Number(m[2])}月`)
}

/** The answer's figures that the sources do not contain (same value, and the same unit when the answer names one). */
export function unsupportedFigures(answer: string, sources: string): string[] {
  const known = extractFigures(sources)
  const knownDates = new Set(extractYearMonths(sources))
  const missing: string[] = []
  for (const f of extractFigures(answer)) {
    const found = known.some((k) => k.value === f.value && (f.unit === '' || k.unit === f.unit))
    if (!found) missing.push(f.raw)
  }
  for (const d of extractYearMonths(answer)) if (!knownDates.has(d)) missing.push(d)
  return [...new Set(missing)]
}
