// Household registration (户籍) in everyday words: ningbo or other (CONTRACT.md profile.hukou).
import { fail, ok, type Finder, type ParseResult } from './types.js'
import { compact, looksLikeQuestion } from './text.js'
import { parseYesNo } from './yes-no.js'
import { HUKOU } from '../../eligibility/profile.js'

export type Hukou = (typeof HUKOU)[number]
export const HUKOU_LABELS: Record<Hukou, string> = { ningbo: '宁波户籍', other: '非宁波户籍' }

const NINGBO_PLACES = ['宁波', '甬', '海曙', '江北', '镇海', '北仑', '鄞州', '奉化', '余姚', '慈溪', '宁海', '象山']
const LOCAL = /本地户口|本地户籍|本市户口|本市户籍|本地人|本市人|本地的|本市的|本地/
// Negations come first: 不是宁波户口 mentions 宁波 too.
const NOT_LOCAL = /外地|外省|外市|非本地|非本市|非宁波|不是本地|不是宁波|不是本市|户口不在宁波|户籍不在宁波|不在宁波/
const PROVINCES = [
  '北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '安徽', '福建', '江西', '山东', '河南',
  '湖北', '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '内蒙', '广西', '西藏', '宁夏', '新疆',
  '香港', '澳门', '台湾', '杭州', '温州', '绍兴', '嘉兴', '湖州', '金华', '衢州', '舟山', '台州', '丽水',
]

const HINT = '请告诉我您的户口在哪里，例如“宁波户口”或“外地户口（如安徽）”。'

function classify(t: string): Hukou | null {
  if (NOT_LOCAL.test(t)) return 'other'
  if (NINGBO_PLACES.some((p) => t.includes(p)) || LOCAL.test(t)) return 'ningbo'
  if (PROVINCES.some((p) => t.includes(p))) return 'other'
  return null
}

export function parseHukou(text: string): ParseResult<Hukou> {
  const t = compact(text)
  // The profile's own values (CONTRACT.md), as a program or an operator may send them.
  if ((HUKOU as readonly string[]).includes(t)) return ok(t as Hukou)
  const place = classify(t)
  if (place) return ok(place)
  if (looksLikeQuestion(text)) return fail(HINT, 'question')
  // The question asks "是宁波户籍吗", so a plain yes or no answers it.
  const yesNo = parseYesNo(text)
  if (yesNo.ok) return ok(yesNo.value ? 'ningbo' : 'other')
  return fail(HINT, 'unclear')
}

/** Only explicit mentions of 户口/户籍 (a bare place name in a message is not a hukou). */
export const findHukou: Finder<Hukou> = (text) => {
  const t = text.normalize('NFKC')
  // 户口在鄞州, 户籍：外地 — but not the name after 宁波户口的王五.
  const m = /[^，,。；;！!？?\s]{0,8}(?:户口|户籍)(?:(?:在|是|为|:|：)[^，,。；;！!？?\s的]{0,6})?|宁波人|本地人|外地人/.exec(t)
  if (!m) return null
  const place = classify(m[0])
  return place ? { value: place, start: m.index, end: m.index + m[0].length } : null
}
