// Dates as people say them (2023年5月, 2023-05-01, 2023.5.1, 23年5月, 去年3月) -> YYYY-MM-DD.
import { fail, ok, type Finder, type ParseContext, type ParseMeta, type ParseResult } from './types.js'
import { normalize, todayInChina } from './text.js'
import { addDays, addMonths, formatDate, isRealDate } from './calendar.js'
import { chineseDigitsToArabic, parseChineseNumber } from './chinese-number.js'

const EXAMPLE = '例如“2023年5月”或“2023-05-01”'
const EARLIEST_YEAR = 1900

interface DateHit { year: number; month: number; day?: number; start: number; end: number }

type Extractor = (text: string, today: string) => DateHit[]

function all(re: RegExp, text: string, build: (m: RegExpExecArray) => Omit<DateHit, 'start' | 'end'> | null): DateHit[] {
  const hits: DateHit[] = []
  for (const m of text.matchAll(re)) {
    const d = build(m as RegExpExecArray)
    // Named, not spread: a spread plus new properties costs a hidden class per object (docs/performance.md, lesson 2).
    if (d) hits.push({ year: d.year, month: d.month, day: d.day, start: m.index, end: m.index + m[0].length })
  }
  return hits
}

function fullYear(digits: string, today: string): number {
  if (digits.length === 4) return Number(digits)
  // 23年 means 2023 unless that is still ahead of us, then 1923.
  const yy = Number(digits)
  return 2000 + yy <= Number(today.slice(0, 4)) ? 2000 + yy : 1900 + yy
}

const num = (s: string | undefined) => (s === undefined ? undefined : Number(s))

const EXTRACTORS: Extractor[] = [
  // 2023年5月(1日), 23年5月
  (text, today) =>
    all(/(?<!\d)(\d{4}|\d{2})\s*年\s*(\d{1,2})\s*月(?:份)?(?:\s*(\d{1,2})\s*[日号])?/g, text, (m) => ({
      year: fullYear(m[1], today), month: Number(m[2]), day: num(m[3]),
    })),
  // 2023-05-01, 2023.5.1, 2023/5/1, 2023-05
  (text) =>
    all(/(?<![\d.])(\d{4})\s*[-./]\s*(\d{1,2})(?:\s*[-./]\s*(\d{1,2}))?(?![\d.])/g, text, (m) => ({
      year: Number(m[1]), month: Number(m[2]), day: num(m[3]),
    })),
  // 今年/去年/前年 + 月(日)
  (text, today) =>
    all(/(今年|去年|前年)\s*(\d{1,2})\s*月(?:份)?(?:\s*(\d{1,2})\s*[日号])?/g, text, (m) => ({
      year: Number(today.slice(0, 4)) - { 今年: 0, 去年: 1, 前年: 2 }[m[1] as '今年' | '去年' | '前年'],
      month: Number(m[2]), day: num(m[3]),
    })),
  // 本月, 上个月
  (text, today) =>
    all(/(这个月|本月|上个月|上月)/g, text, (m) => {
      const [year, month] = addMonths(Number(today.slice(0, 4)), Number(today.slice(5, 7)), m[1].startsWith('上') ? -1 : 0)
      return { year, month }
    }),
  // 今天, 昨天, 前天
  (text, today) =>
    all(/(今天|昨天|前天)/g, text, (m) => {
      const d = addDays(today, { 今天: 0, 昨天: -1, 前天: -2 }[m[1] as '今天' | '昨天' | '前天'])
      return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) }
    }),
]

/** 二〇二三年五月一日 -> 2023年5月1日: Chinese numerals before 年/月/日/号 become digits. */
function arabicNumerals(text: string): string {
  return text
    .replace(/([〇零一二两三四五六七八九]{2,4})(?=\s*年)/g, (run) => chineseDigitsToArabic(run))
    .replace(/([〇零一二两三四五六七八九十]{1,3})(?=\s*(?:月|日|号))/g, (run) => {
      const n = parseChineseNumber(run)
      return n === null ? run : String(n)
    })
}

function findDates(text: string, today: string): DateHit[] {
  const hits = EXTRACTORS.flatMap((extract) => extract(text, today)).sort((a, b) => a.start - b.start || b.end - a.end)
  // Keep the longest of overlapping matches.
  const kept: DateHit[] = []
  for (const hit of hits) {
    const last = kept[kept.length - 1]
    if (last && hit.start < last.end) continue
    kept.push(hit)
  }
  return kept
}

function toResult(hit: DateHit, ctx: ParseContext, today: string): ParseResult<string> {
  const precision: ParseMeta['precision'] = hit.day === undefined ? 'month' : 'day'
  const value = formatDate(hit.year, hit.month, hit.day ?? 1)
  if (!isRealDate(value) || hit.year < EARLIEST_YEAR) return fail(`这个日期不存在，请再核对一下，${EXAMPLE}。`, 'impossible')
  if (ctx.notFuture && value > today) return fail(`这个日期还没到，请填写已经过去的日期，${EXAMPLE}。`, 'future')
  return ok(value, { precision })
}

const NOT_STARTED = /还没(?:有)?(?:开业|开张|开始|营业|经营|开)|没(?:有)?开业|尚未|准备开|打算开|筹备|还在筹/

export function parseDate(text: string, ctx: ParseContext = {}): ParseResult<string> {
  const today = ctx.today ?? todayInChina()
  const t = arabicNumerals(normalize(text))
  if (!t) return fail(`请告诉我日期，${EXAMPLE}。`, 'empty')
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t)
  if (compact) return toResult({ year: +compact[1], month: +compact[2], day: +compact[3], start: 0, end: 8 }, ctx, today)
  const hits = findDates(t, today)
  if (hits.length > 1) return fail(`我看到了不止一个日期，请只告诉我一个，${EXAMPLE}。`, 'ambiguous')
  if (hits.length === 1) return toResult(hits[0], ctx, today)
  if (/(?<!\d)\d{4}\s*年(?!\s*\d)/.test(t)) return fail(`请具体到月份，例如“${t.match(/\d{4}/)![0]}年5月”。`, 'no_month')
  if (/\d{1,2}\s*月/.test(t)) return fail(`请带上年份，${EXAMPLE}。`, 'no_year')
  // "还没开业", with no date in it: none to give. Where that leaves the application the document does not say,
  // so neither does this. (A date beside such words, 2023年6月开业，之前筹备了半年, was taken above.)
  if (NOT_STARTED.test(t)) {
    return fail(`还没开始经营的话，这里没有日期可填；能不能申请，文件没有写，请咨询当地人力资源和社会保障部门。已经开始经营的，请告诉我日期，${EXAMPLE}；不办了可以回复“取消”。`, 'not_started')
  }
  return fail(`我没看懂这个日期，${EXAMPLE}。`, 'format')
}

/** The one date inside a longer message, or null. */
export const findDate: Finder<string> = (text, ctx = {}) => {
  const today = ctx.today ?? todayInChina()
  // The numeral rewrite can change lengths, so positions are only reported for text it leaves alone.
  const t = text.normalize('NFKC')
  const rewritten = arabicNumerals(t)
  const hits = findDates(rewritten, today)
  if (hits.length !== 1) return null
  const result = toResult(hits[0], ctx, today)
  if (!result.ok) return null
  const sameLength = rewritten.length === t.length
  return {
    value: result.value,
    meta: result.meta,
    start: sameLength ? hits[0].start : 0,
    end: sameLength ? hits[0].end : 0,
  }
}
