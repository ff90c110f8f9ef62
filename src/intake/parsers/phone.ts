// Mainland mobile numbers: however they are typed (+86, spaces, dashes, full-width digits), 11 digits out.
import { fail, ok, type Finder, type ParseResult } from './types.js'
import { normalize, trimPunctuation } from './text.js'

const HINT_EXAMPLE = '例如“13800138000”'
const LABEL = /^(?:我的)?(?:手机号码|手机号|手机|电话号码|联系电话|电话|联系方式|号码)?\s*(?:是|为)?\s*[:：]?\s*/
const SEPARATORS = /[\s\-–—()（）.·]/g
const MOBILE = /^1[3-9]\d{9}$/

export function parsePhone(text: string): ParseResult<string> {
  const t = trimPunctuation(normalize(text)).replace(LABEL, '')
  let digits = t.replace(SEPARATORS, '')
  digits = digits.replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '')
  if (!digits) return fail(`请告诉我您的手机号，${HINT_EXAMPLE}。`, 'empty')
  if (!/^\d+$/.test(digits)) return fail(`手机号只能是数字，${HINT_EXAMPLE}。`, 'format')
  // 0574-87654321: an area code and a landline, not a mobile.
  if (/^0\d{9,11}$/.test(digits)) return fail(`这像是座机号码，请留一个11位的手机号，方便经办人员联系您，${HINT_EXAMPLE}。`, 'length')
  if (digits.length !== 11) return fail(`手机号应为11位数字，您输入了${digits.length}位，请再核对一下，${HINT_EXAMPLE}。`, 'length')
  if (!MOBILE.test(digits)) return fail(`这不像大陆手机号（应以13～19开头），请填写您的手机号，${HINT_EXAMPLE}。`, 'format')
  return ok(digits)
}

// A mobile inside a sentence: optional +86, digits possibly grouped by spaces or dashes, not part of a longer number.
const MOBILE_IN_TEXT = /(?<![\d+])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?![\d])/g

export const findPhone: Finder<string> = (text) => {
  const t = text.normalize('NFKC')
  const hits = [...t.matchAll(MOBILE_IN_TEXT)]
  if (hits.length !== 1) return null
  const hit = hits[0]
  const parsed = parsePhone(hit[0])
  if (!parsed.ok) return null
  return { value: parsed.value, start: hit.index, end: hit.index + hit[0].length }
}
