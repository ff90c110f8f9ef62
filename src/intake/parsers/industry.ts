// Industries in everyday words, mapped to the profile's industry values (CONTRACT.md "Profile fields").
import { fail, ok, type Finder, type ParseResult } from './types.js'
import { compact, looksLikeQuestion } from './text.js'
import { INDUSTRIES } from '../../eligibility/profile.js'

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

// Checked in order: the first industry with a word in the message wins, so the more specific words come first.
const WORDS: Array<[Industry, string[]]> = [
  ['real_estate_agency', ['房产中介', '房地产中介', '房屋中介', '房产经纪', '房地产经纪', '链家', '我爱我家', '贝壳找房', '卖房子', '租房中介']],
  ['taxi', ['出租车', '的士', '的哥', '的姐', '巡游车', '巡游出租', '开出租']],
  ['ride_hailing', ['网约车', '滴滴', '跑车', '专车', '快车', '顺风车', '曹操出行', '高德打车', 'T3出行', '花小猪', '网约']],
  ['food_delivery', ['外卖', '骑手', '美团', '饿了么', '送餐', '跑单', '蜂鸟']],
  ['express_logistics', ['快递', '物流', '顺丰', '中通', '圆通', '韵达', '申通', '极兔', '京东物流', '邮政', '货运', '货拉拉', '闪送', '送货', '仓库', '分拣']],
  ['ecommerce', ['电商', '电子商务', '网店', '淘宝', '天猫', '拼多多', '直播带货', '带货', '微商', '抖音小店']],
  ['construction', ['工地', '建筑', '施工', '装修', '泥瓦', '木工', '水电工', '钢筋', '搬砖', '包工']],
  ['elderly_care', ['养老', '护工', '护理员', '养老护理', '陪护', '照护', '敬老院', '养老院', '护理']],
]

/** WORDS upper-cased once (T3出行 matches t3出行): matching runs on every form answer. */
const UPPER_WORDS = WORDS.map(([industry, words]) => [industry, words.map((w) => [w, w.toUpperCase()] as const)] as const)
/** Any of the words at all: one regular-expression pass turns away the most answers (names, numbers, 同意). */
const ANY_WORD = new RegExp(UPPER_WORDS.flatMap(([, words]) => words.map(([, upper]) => upper.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('|'))

const HINT = '请告诉我您做的是哪一行，例如“送外卖”“开网约车”“送快递”“开网店”“工地”“养老护理”，其他行业直接说名称就行。'
const NOT_AN_ANSWER = new Set(['不知道', '不清楚', '没有', '无', '不是', '是', '是的', '好', '好的', '嗯', '对', '可以', '随便', '都有'])

/** The industry named by a dictionary word in the text, or null. */
export function matchIndustry(text: string): { industry: Industry; word: string; index: number } | null {
  const t = text.normalize('NFKC').toUpperCase()
  if (!ANY_WORD.test(t)) return null
  for (const [industry, words] of UPPER_WORDS) {
    for (const [word, upper] of words) {
      const index = t.indexOf(upper)
      if (index >= 0) return { industry, word, index }
    }
  }
  return null
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

export const findIndustry: Finder<Industry> = (text) => {
  const hit = matchIndustry(text)
  return hit ? { value: hit.industry, start: hit.index, end: hit.index + hit.word.length } : null
}
