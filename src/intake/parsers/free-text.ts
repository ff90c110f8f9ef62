// Free-text answers (employer, description): trimmed, length-checked, nothing else assumed.
import { fail, ok, type Finder, type ParseContext, type ParseResult } from './types.js'
import { normalize, trimPunctuation } from './text.js'

const NOT_AN_ANSWER = new Set(['不知道', '不清楚', '没有', '无', '是', '是的', '好', '好的', '嗯', '对', '可以'])
// "(公司叫)什么不知道": a shrug, not a name; the rest of the message (老板姓刘) may still be the answer.
const UNKNOWN = /^(?:叫)?(?:什么|啥|哪个|哪家)?(?:名字)?(?:我)?(?:也|都)?(?:不知道|不清楚|不记得|记不清|记不得|忘了)(?:了|啊|呀)?$/

export function parseEmployer(text: string, ctx: ParseContext = {}): ParseResult<string> {
  const min = ctx.minLength ?? 2
  const max = ctx.maxLength ?? 50
  const t = trimPunctuation(normalize(text))
    .replace(/^(?:欠我钱的是|欠薪的是|欠钱的是|老板是|公司是|单位是|公司叫|单位叫|是|在)\s*/, '')
    .replace(/\s+/g, ' ')
  const example = '例如“宁波某某建筑有限公司”，不知道全称也可以写老板姓名或项目名称'
  if (t.length < min || NOT_AN_ANSWER.has(t) || UNKNOWN.test(t)) return fail(`请告诉我欠薪的单位或老板，${example}。`, 'too_short')
  if (t.length > max) return fail(`单位名称请控制在${max}个字以内，${example}。`, 'too_long')
  return ok(t)
}

export function parseDescription(text: string, ctx: ParseContext = {}): ParseResult<string> {
  const min = ctx.minLength ?? 5
  const max = ctx.maxLength ?? 500
  // The user's own punctuation is kept (no NFKC): this text goes to a caseworker as written.
  const t = text.trim().replace(/[ \t]+/g, ' ')
  const example = '例如“2024年3月到6月在工地干活，老板一直没结工资”'
  if (t.length < min || NOT_AN_ANSWER.has(trimPunctuation(t))) return fail(`请简单说说情况（至少${min}个字），${example}。`, 'too_short')
  if (t.length > max) return fail(`内容有点长，请精简到${max}个字以内，说清楚时间、地点和经过就行。`, 'too_long')
  return ok(t)
}

// An organisation's name in a longer message (刘备 13800138000 宁波某某建筑公司 欠了2万): its type word at the end.
const ORGANISATION = /(?:^|[\s，,。；;：:、]|在|是|给|帮)([\p{Script=Han}A-Za-z0-9（）()·]{2,25}?(?:有限责任公司|有限公司|公司|集团|工厂|厂|工程队|项目部|工地|饭店|酒店|餐厅|超市))(?=$|[\s，,。；;！!？?、的欠拖不没一])/du

export const findEmployer: Finder<string> = (text, ctx) => {
  const m = ORGANISATION.exec(text.normalize('NFKC'))
  if (!m?.indices?.[1]) return null
  const parsed = parseEmployer(m[1], ctx)
  return parsed.ok ? { value: parsed.value, start: m.indices[1][0], end: m.indices[1][1] } : null
}
