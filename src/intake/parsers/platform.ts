// The platform someone works through: a known name, normalised, or their own words (2-30 characters).
import { fail, ok, type Finder, type ParseResult } from './types.js'
import { compact, looksLikeQuestion } from './text.js'

// Each platform: its normalised name, the names of its services kept as the worker said them (美团众包 is not
// 美团专送 to the office), and misspellings corrected to the normalised name.
const KNOWN: Array<{ name: string; services: string[]; misspelt?: string[] }> = [
  { name: '美团', services: ['美团外卖', '美团众包', '美团专送', '美团跑腿', '美团优选', '美团'] },
  { name: '饿了么', services: ['饿了么', '蜂鸟众包', '蜂鸟专送', '蜂鸟'], misspelt: ['饿了吗', '饿啦么'] },
  { name: '滴滴', services: ['滴滴出行', '滴滴打车', '滴滴代驾', '滴滴货运', '滴滴'] },
  { name: '高德', services: ['高德打车', '高德'] },
  { name: '曹操出行', services: ['曹操出行', '曹操专车'], misspelt: ['曹操'] },
  { name: 'T3出行', services: ['T3出行'], misspelt: ['T3'] },
  { name: '花小猪', services: ['花小猪'] },
  { name: 'e代驾', services: ['e代驾'] },
  { name: '顺丰', services: ['顺丰速运', '顺丰同城', '顺丰'] },
  { name: '京东', services: ['京东物流', '京东快递', '京东到家', '京东'] },
  { name: '中通', services: ['中通'] },
  { name: '圆通', services: ['圆通'] },
  { name: '韵达', services: ['韵达'] },
  { name: '申通', services: ['申通'] },
  { name: '极兔', services: ['极兔'] },
  { name: '中国邮政', services: ['中国邮政', 'EMS'], misspelt: ['邮政'] },
  { name: '货拉拉', services: ['货拉拉'] },
  { name: '快狗打车', services: ['快狗打车'] },
  { name: '闪送', services: ['闪送'] },
  { name: 'UU跑腿', services: ['UU跑腿'] },
  { name: '达达', services: ['达达快送', '达达'] },
  { name: '淘宝', services: ['淘宝', '天猫'] },
  { name: '拼多多', services: ['拼多多'] },
  { name: '抖音', services: ['抖音'] },
  { name: '快手', services: ['快手'] },
]

/** Every spelling, longest first, with what it is kept as and its normalised platform. */
const SPELLINGS = KNOWN.flatMap(({ name, services, misspelt = [] }) => [
  ...services.map((s) => ({ spelling: s.toUpperCase(), kept: s, name })),
  ...misspelt.map((s) => ({ spelling: s.toUpperCase(), kept: name, name })),
]).sort((a, b) => b.spelling.length - a.spelling.length)

const HINT = '请告诉我您在哪个平台接单，例如“美团”“饿了么”“滴滴”“顺丰”；没有固定平台也可以写公司名称。'
const NOT_AN_ANSWER = new Set(['不知道', '不清楚', '没有', '无', '是', '是的', '好', '好的', '嗯', '对', '可以'])

/** The leftmost platform named in the text (its longest spelling there). */
function known(text: string): { kept: string; name: string; index: number; length: number } | null {
  const t = text.normalize('NFKC').toUpperCase()
  let best: { kept: string; name: string; index: number; length: number } | null = null
  for (const { spelling, kept, name } of SPELLINGS) {
    const index = t.indexOf(spelling)
    if (index >= 0 && (!best || index < best.index)) best = { kept, name, index, length: spelling.length }
  }
  return best
}

/** The value as said, with the normalised platform beside it when they differ (美团众包 -> 美团). */
const keep = (hit: { kept: string; name: string }) => (hit.kept === hit.name ? ok(hit.kept) : ok(hit.kept, { normalized: hit.name }))

export function parsePlatform(text: string): ParseResult<string> {
  const hit = known(text)
  if (hit) return keep(hit)
  const t = compact(text)
    .replace(/^(?:我在|我是|我用|我跑|平台是|平台|在|是|用|跑)/, '')
    .replace(/(?:平台|上面|上|接单|跑单)$/, '')
  if (t.length < 2 || NOT_AN_ANSWER.has(t) || looksLikeQuestion(text)) return fail(HINT, 'unclear')
  if (t.length > 30) return fail('平台名称写短一点就行（30个字以内），' + HINT.slice(2), 'too_long')
  return ok(t, { raw: t })
}

export const findPlatform: Finder<string> = (text) => {
  const hit = known(text)
  return hit ? { value: hit.kept, ...(hit.kept === hit.name ? {} : { meta: { normalized: hit.name } }), start: hit.index, end: hit.index + hit.length } : null
}
