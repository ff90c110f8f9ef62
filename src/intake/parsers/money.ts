// Amounts of money in yuan: 20万, 8000元, 两万元, 1.5万, 三千五, 2万5, ￥8,000.
import { fail, ok, type Finder, type ParseResult } from './types.js'
import { NUMBER_CHARS, parseChineseNumber } from './chinese-number.js'

const HINT = '请告诉我具体金额，例如“2万”或“8000元”。'
const MAX_YUAN = 1_000_000_000
// Replaced by spaces of the same length, so positions stay valid for the finder.
const FILLERS = /人民币|rmb|[￥¥$]|大概|大约|差不多|一共|总共|总计|共计|合计|左右|上下|约/gi
const RUN = new RegExp(`[${NUMBER_CHARS},]+`, 'g')
// A number followed by one of these counts things, not money (三个月, 5天, 2023年).
const COUNT_WORDS = /^(?:个|月|天|年|号|日|次|人|岁|家|位|周|小时|份|点|分)/
const MONEY_WORDS = /^\s*(?:元|块|圆|万元)/
const UNIT_CHARS = /[百佰千仟万萬亿億kKwW]/

interface MoneyCandidate { value: number; marked: boolean; start: number; end: number }

function candidates(text: string): MoneyCandidate[] {
  const found: MoneyCandidate[] = []
  for (const m of text.matchAll(RUN)) {
    const run = m[0]
    const expr = run.replace(/^[.,]+|[.,]+$/g, '')
    // 8,000 has a thousands comma; 20,30 does not.
    if (/,/.test(expr) && !/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(expr)) continue
    if (!/[0-9零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾]/.test(expr)) continue
    const after = text.slice(m.index + run.length)
    if (COUNT_WORDS.test(after)) continue
    const value = parseChineseNumber(expr.replace(/,/g, ''))
    if (value === null) continue
    const marked = MONEY_WORDS.test(after) || UNIT_CHARS.test(expr)
    found.push({ value, marked, start: m.index, end: m.index + run.length })
  }
  return found
}

function clean(text: string): string {
  return text.normalize('NFKC').replace(FILLERS, (m) => ' '.repeat(m.length))
}

const PER_PERIOD = /每个?月|每天|每年|每小时|月薪|日薪|年薪|工资.{0,2}一天/
const TOTAL = /一共|总共|共计|合计|总数|总额|共/

export function parseMoney(text: string): ParseResult<number> {
  const t = clean(text)
  if (/^\s*[-−]|负/.test(t)) return fail(`金额要大于0，${HINT}`, 'not_positive')
  // "每月5000欠了3个月" gives a rate, not the sum asked for: the total is asked for, not worked out or guessed.
  const perPeriod = PER_PERIOD.test(t)
  const total = TOTAL.exec(text.normalize('NFKC'))
  if (perPeriod && !total) return fail('请直接告诉我一共多少钱（总数），例如“15000元”。', 'per_period')
  // "月薪6000，一共欠我18000": the rate and the total side by side; the total is the one after 一共.
  const all = candidates(t)
  const list = perPeriod && total ? all.filter((c) => c.start > total.index) : all
  if (list.length === 0) return fail(HINT, 'empty')
  const marked = list.filter((c) => c.marked)
  // One amount marked as money beside small bare numbers (第2次) is clear; 2000或3000元 is not.
  const bareAmounts = list.filter((c) => !c.marked && c.value >= 100)
  const chosen = list.length === 1 ? list[0] : marked.length === 1 && bareAmounts.length === 0 ? marked[0] : null
  if (!chosen) return fail('我没看出是哪个金额，请只告诉我一个金额，例如“2万”或“8000元”。', 'ambiguous')
  if (chosen.value <= 0) return fail(`金额要大于0，${HINT}`, 'not_positive')
  if (chosen.value > MAX_YUAN) return fail(`这个金额好像太大了，请再核对一下。${HINT}`, 'too_large')
  return ok(Math.round(chosen.value * 100) / 100)
}

/** An amount inside a longer message, only when marked as money (元/块/万/千) and the only one. */
export const findMoney: Finder<number> = (text) => {
  const marked = candidates(clean(text)).filter((c) => c.marked)
  if (marked.length !== 1) return null
  const c = marked[0]
  if (c.value <= 0 || c.value > MAX_YUAN) return null
  return { value: Math.round(c.value * 100) / 100, start: c.start, end: c.end }
}
