// Statistics (2020年，全市发放创业担保贷款8.05亿元…) answer no worker's question unless they ask for a figure: they are
// ranked down and cut from quotes. A cut quote is a verbatim prefix of the sentence, never a rewording.
import { unstatedDetail } from './silence.js'

// "多少/几家/占多少" asks for a figure, "什么时候" for a date.
const ASKS_QUANTITY = /多少|几(个|家|万|年|期|项|名|人|次)?|比例|占比|规模|统计|数据|how (many|much)|what percentage/i
const ASKS_TIME = /什么时候|何时|哪一?年|哪个月|几月|when/i
// A rate or a standard (比例为5%, 每人每月500元, 不超过…) is a rule too: a later notice states them as such.
export const STATES_RULE = /允许|可以|可按|给予|扩大到|覆盖|纳入|确保|推进|推广|鼓励|支持|引导|畅通|实现|开展|组建|整合|发挥|提供|出台|(标准|比例|费率|额度)(为|是|按)|按月|按年|按(比例|标准)|不超过|不低于|每人每(月|年)/
export const REPORTS_FIGURES = /\d(\.\d+)?\s*(万|亿)?\s*(人|家|户|名|期|项|元|%|％|余)/
// A clause that opens a report of figures: 目前全市…, 到2021年4月底…, 2020年全市…, 据不完全统计…, 累计…
const OPENS_REPORT = /^(目前|到\d{4}|据|累计|\d{4}年(底|全市|累计)?|全市|惠及|其中)/

// A count or an amount (4万人, 85家, 450元, 11%), or a date.
const HAS_QUANTITY = /\d(\.\d+)?\s*(万|亿)?\s*(人|家|户|名|期|项|个|元|%|％|余)/
const HAS_DATE = /\d{4}年|\d+月/
// "办了几年 / 多少年" asks for a number of years (连续13年), not a date.
const ASKS_YEARS = /几年|多少年|how many years/i
const HAS_YEARS = /\d{1,2}年/

/** What a sentence holding the asked figure looks like (a date or a quantity); undefined when none is asked. */
export function wantedFigure(question: string): RegExp | undefined {
  // 交多少钱 asks for a premium the document never states, not for its statistics.
  if (unstatedDetail(question, [])?.leads) return undefined
  if (ASKS_YEARS.test(question)) return HAS_YEARS
  if (ASKS_TIME.test(question)) return HAS_DATE
  if (ASKS_QUANTITY.test(question)) return HAS_QUANTITY
  return undefined
}

export function asksForFigures(question: string): boolean {
  return wantedFigure(question) !== undefined
}

/** A sentence that only reports figures, stating no rule. */
export function isStatistic(sentence: string): boolean {
  return REPORTS_FIGURES.test(sentence) && !STATES_RULE.test(sentence)
}

/**
 * The sentence up to the clause where its figures begin; the whole sentence when it opens with them, or when the
 * figures name what was asked about (非全日制职工参保1.77万人, for a part-time worker).
 */
export function withoutStatistics(sentence: string, asked: string[] = []): string {
  const clauses = sentence.split(/(?<=，)/)
  const cut = clauses.findIndex((clause, i) => i > 0 && OPENS_REPORT.test(clause) && REPORTS_FIGURES.test(clauses.slice(i).join('')))
  if (cut <= 0) return sentence
  const kept = clauses.slice(0, cut).join('')
  const dropped = clauses.slice(cut).join('')
  if (asked.some((term) => dropped.includes(term) && !kept.includes(term))) return sentence
  return kept.replace(/，$/, '')
}
