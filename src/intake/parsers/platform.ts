// The platform someone works through: a known name, normalised, or their own words (2-30 characters).
import { fail, ok, type Finder, type ParseResult } from './types.js'
import { compact, looksLikeQuestion } from './text.js'

// Canonical name first, then the ways people write it.
const KNOWN: Array<[string, string[]]> = [
  ['美团', ['美团外卖', '美团众包', '美团专送', '美团']],
  ['饿了么', ['饿了么', '饿了吗', '蜂鸟']],
  ['滴滴', ['滴滴出行', '滴滴打车', '滴滴']],
  ['高德', ['高德打车', '高德']],
  ['曹操出行', ['曹操出行', '曹操专车', '曹操']],
  ['T3出行', ['T3出行', 'T3']],
  ['花小猪', ['花小猪']],
  ['顺丰', ['顺丰速运', '顺丰同城', '顺丰']],
  ['京东', ['京东物流', '京东快递', '京东']],
  ['中通', ['中通']],
  ['圆通', ['圆通']],
  ['韵达', ['韵达']],
  ['申通', ['申通']],
  ['极兔', ['极兔']],
  ['中国邮政', ['中国邮政', '邮政', 'EMS']],
  ['货拉拉', ['货拉拉']],
  ['闪送', ['闪送']],
  ['达达', ['达达']],
  ['淘宝', ['淘宝', '天猫']],
  ['拼多多', ['拼多多']],
  ['抖音', ['抖音']],
  ['快手', ['快手']],
]

const HINT = '请告诉我您在哪个平台接单，例如“美团”“饿了么”“滴滴”“顺丰”；没有固定平台也可以写公司名称。'
const NOT_AN_ANSWER = new Set(['不知道', '不清楚', '没有', '无', '是', '是的', '好', '好的', '嗯', '对', '可以'])

function known(text: string): { name: string; index: number; length: number } | null {
  const t = text.normalize('NFKC').toUpperCase()
  for (const [name, spellings] of KNOWN) {
    for (const s of spellings) {
      const index = t.indexOf(s.toUpperCase())
      if (index >= 0) return { name, index, length: s.length }
    }
  }
  return null
}

export function parsePlatform(text: string): ParseResult<string> {
  const hit = known(text)
  if (hit) return ok(hit.name)
  const t = compact(text)
    .replace(/^(?:我在|我是|我用|我跑|平台是|平台|在|是|用|跑)/, '')
    .replace(/(?:平台|上面|上|接单|跑单)$/, '')
  if (t.length < 2 || NOT_AN_ANSWER.has(t) || looksLikeQuestion(text)) return fail(HINT, 'unclear')
  if (t.length > 30) return fail('平台名称写短一点就行（30个字以内），' + HINT.slice(2), 'too_long')
  return ok(t, { raw: t })
}

export const findPlatform: Finder<string> = (text) => {
  const hit = known(text)
  return hit ? { value: hit.name, start: hit.index, end: hit.index + hit.length } : null
}
