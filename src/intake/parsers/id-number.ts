// Resident ID numbers (GB 11643-1999): 18 characters, a real birth date and the ISO 7064 check digit.
import { fail, ok, type Finder, type ParseContext, type ParseResult } from './types.js'
import { normalize, todayInChina, trimPunctuation } from './text.js'
import { isRealDate } from './calendar.js'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'
const LABEL = /^(?:我的)?(?:身份证号码|身份证号|身份证|证件号码|证件号)?\s*(?:是|为)?\s*[:：]?\s*/
const EXAMPLE = '例如“11010519491231002X”'
// The standard's own example (440524188001010014) is born in 1880, so earlier centuries are allowed too.
const EARLIEST_BIRTH = '1800-01-01'

// The first two digits are the province (GB/T 2260), or 81/82/83 on residence permits for Hong Kong, Macao and
// Taiwan residents: 99 or 00 there means a digit was mistyped, however the check digit comes out.
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45',
  '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
])

export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

export function parseIdNumber(text: string, ctx: ParseContext = {}): ParseResult<string> {
  const id = trimPunctuation(normalize(text)).replace(LABEL, '').replace(/[\s-]/g, '').toUpperCase()
  if (!id) return fail(`请告诉我您的18位身份证号，${EXAMPLE}。`, 'empty')
  if (/^\d{15}$/.test(id)) return fail(`这是旧版15位身份证号，请填写现在使用的18位身份证号，${EXAMPLE}。`, 'length')
  if (id.length !== 18) {
    return fail(`身份证号应为18位（最后一位可能是X），您输入了${id.length}位，请再核对一下，${EXAMPLE}。`, 'length')
  }
  if (!/^\d{17}[\dX]$/.test(id)) return fail(`身份证号前17位是数字，最后一位是数字或X，${EXAMPLE}。`, 'format')
  // 9…: the permanent residence ID for foreigners (2023), which starts with 9 and a province code.
  if (!PROVINCES.has(id.slice(0, 2)) && id[0] !== '9') return fail('身份证号前两位是省份代码，这里的代码不对，请再核对一下。', 'region')
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  const today = ctx.today ?? todayInChina()
  if (!isRealDate(birth) || birth < EARLIEST_BIRTH || birth > today) {
    return fail('身份证号第7～14位是出生日期，这里的日期不对，请再核对一下。', 'date')
  }
  if (idCheckChar(id) !== id[17]) return fail('身份证号的最后一位（校验位）对不上，可能有一位输错了，请再核对一下。', 'checksum')
  return ok(id)
}

// Also grouped as people type it: 110105 19491231 002X, 110105-1949-1231-002X.
const ID_IN_TEXT = /(?<![0-9A-Za-z])\d{6}[ -]?\d{4}[ -]?\d{4}[ -]?\d{3}[\dXx](?![0-9A-Za-z])/g

export const findIdNumber: Finder<string> = (text, ctx) => {
  const t = text.normalize('NFKC')
  const hits = [...t.matchAll(ID_IN_TEXT)]
  if (hits.length !== 1) return null
  const hit = hits[0]
  const parsed = parseIdNumber(hit[0], ctx)
  if (!parsed.ok) return null
  return { value: parsed.value, start: hit.index, end: hit.index + hit[0].length }
}
