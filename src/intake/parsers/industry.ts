// Industries in everyday words (the job-word table, knowledge/industries.yaml) -> the profile's industry values.
import { fail, ok, type Finder, type ParseResult } from './types.js'
import { compact, looksLikeQuestion } from './text.js'
import { INDUSTRIES } from '../../eligibility/profile.js'
import { matchJob, matchJobs } from './job-words.js'
import { findPlatform } from './platform.js'

export { INDUSTRIES }

export type Industry = (typeof INDUSTRIES)[number]

export const INDUSTRY_LABELS: Record<Industry, string> = {
  food_delivery: '外卖送餐',
  ride_hailing: '网约车',
  taxi: '出租车',
  express_logistics: '快递物流',
  ecommerce: '电子商务（网店、直播带货）',
  construction: '建筑施工',
  real_estate_agency: '房产中介',
  elderly_care: '养老护理',
  other: '其他行业',
}

const HINT = '请告诉我您做的是哪一行，例如“送外卖”“开网约车”“送快递”“开网店”“工地”“养老护理”，其他行业直接说名称就行。'
const NOT_AN_ANSWER = new Set(['不知道', '不清楚', '没有', '无', '不是', '是', '是的', '好', '好的', '嗯', '对', '可以', '随便', '都有'])

/** The industry named by a job word of knowledge/industries.yaml in the text, or null. */
export function matchIndustry(text: string): { industry: Industry; word: string; index: number } | null {
  const hit = matchJob(text)
  return hit ? { industry: hit.industry, word: hit.word, index: hit.index } : null
}

export function parseIndustry(text: string): ParseResult<Industry> {
  // The profile's own values (CONTRACT.md: food_delivery, ride_hailing, …), as a program may send them.
  const code = compact(text)
  if ((INDUSTRIES as readonly string[]).includes(code)) return ok(code as Industry)
  const hit = matchIndustry(text)
  if (hit) return ok(hit.industry)
  const t = compact(text).replace(/^(?:我是|我在|我做|我干|做|干|在|是|搞)+/, '').replace(/(?:的|行业|工作)+$/, '')
  // Anything else clearly named (保安, 家政, 保姆) is 'other'; the user's words are kept for the summary.
  if (t.length >= 2 && t.length <= 20 && !NOT_AN_ANSWER.has(t) && !/\d/.test(t) && !looksLikeQuestion(text)) {
    return ok('other', { raw: t })
  }
  return fail(HINT, 'unclear')
}

/**
 * The industry in a longer message. A platform's name (美团, 滴滴) tells the industry too, but is left for the
 * platform field: the span taken is the job word beside it (我在美团送外卖 -> 送外卖), or none at all.
 */
export const findIndustry: Finder<Industry> = (text) => {
  const hits = matchJobs(text)
  if (!hits.length) return null
  const isPlatform = (word: string) => findPlatform(word)?.end === word.length
  const job = hits.find((h) => !isPlatform(h.word))
  if (job) return { value: job.industry, start: job.index, end: job.index + job.word.length }
  return { value: hits[0].industry, start: hits[0].index, end: hits[0].index }
}
