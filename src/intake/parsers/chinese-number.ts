// Numbers the way people type them: 20000, 1.5万, 2万5, 两万五千, 三千五, 一千零五十, 8k, 2w.

const CHINESE_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 两: 2, 贰: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
}
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000, k: 1000 }
const BIG_UNITS: Record<string, number> = { 万: 10_000, 萬: 10_000, w: 10_000, 亿: 100_000_000, 億: 100_000_000 }

export const NUMBER_CHARS = '0-9.零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億kKwW'
const TOKEN = /(\d+(?:\.\d+)?)|([零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖])|([十拾百佰千仟万萬亿億kKwW])/gy

/** The value of a number expression, or null when it is not one. */
export function parseChineseNumber(expr: string): number | null {
  const tokens: string[] = []
  TOKEN.lastIndex = 0
  let consumed = 0
  for (let m = TOKEN.exec(expr); m; m = TOKEN.exec(expr)) {
    tokens.push(m[0])
    consumed = TOKEN.lastIndex
  }
  if (tokens.length === 0 || consumed !== expr.length) return null

  let total = 0
  let section = 0
  let number: number | null = null
  let numberIsOneDigit = false
  let lastUnit = 0
  let afterZero = false
  for (const raw of tokens) {
    const token = raw.toLowerCase()
    if (/^\d/.test(token)) {
      if (number !== null) return null
      number = Number(token)
      numberIsOneDigit = /^\d$/.test(token)
    } else if (token in CHINESE_DIGITS) {
      const digit = CHINESE_DIGITS[token]
      if (digit === 0) {
        if (number !== null) return null
        afterZero = true
        continue
      }
      if (number !== null) return null
      number = digit
      numberIsOneDigit = true
    } else if (token in SMALL_UNITS) {
      const unit = SMALL_UNITS[token]
      if (number === null && unit !== 10) return null
      section += (number ?? 1) * unit
      number = null
      lastUnit = unit
      afterZero = false
    } else {
      const unit = BIG_UNITS[token]
      section += number ?? 0
      if (section === 0 && total === 0) return null
      total = unit === 100_000_000 ? (total + section) * unit : total + section * unit
      section = 0
      number = null
      lastUnit = unit
      afterZero = false
    }
  }
  if (number !== null) {
    // 三千五 is 3500 and 2万5 is 25000: a lone digit after a unit counts in the next unit down.
    const abbreviated = !afterZero && numberIsOneDigit && lastUnit >= 10
    section += abbreviated ? number * (lastUnit / 10) : number
  }
  return total + section
}

/** 二〇二三 -> 2023: digit-by-digit Chinese numerals (how years are written). */
export function chineseDigitsToArabic(text: string): string {
  return text.replace(/[零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖]/g, (c) => String(CHINESE_DIGITS[c]))
}
