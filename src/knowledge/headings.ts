// The Chinese numbering policy documents address their parts by, from the outside in:
// 一、 (level 1) → （一） (level 2) → 1. (level 3) → （1） (level 4). Shared by the loader and the importer.

const DIGITS = '一二三四五六七八九'

export interface Heading {
  level: 1 | 2 | 3 | 4
  ordinal: number
  /** The numbering as written, e.g. "（二）". */
  marker: string
  /** What follows the numbering on the line. */
  rest: string
}

const PATTERNS: { level: Heading['level']; re: RegExp; chinese: boolean }[] = [
  { level: 1, re: /^([一二三四五六七八九十]{1,3})[、．.]\s*(.*)$/, chinese: true },
  { level: 2, re: /^[（(]([一二三四五六七八九十]{1,3})[）)]\s*(.*)$/, chinese: true },
  // "1." but not a figure such as 1.77万人 at the start of a line.
  { level: 3, re: /^(\d{1,2})(?:[．、]|\.(?!\d))\s*(.*)$/, chinese: false },
  { level: 4, re: /^[（(](\d{1,2})[）)]\s*(.*)$/, chinese: false },
]

/** 一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十三 → 23; NaN for anything else. */
export function chineseOrdinal(text: string): number {
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text)
  if (!m || text === '') return NaN
  const [, tens, ten, ones] = m
  if (!ten) return tens && !ones ? DIGITS.indexOf(tens) + 1 : NaN
  return (tens ? DIGITS.indexOf(tens) + 1 : 1) * 10 + (ones ? DIGITS.indexOf(ones) + 1 : 0)
}

export function chineseNumber(n: number): string {
  if (n <= 10) return n === 10 ? '十' : DIGITS[n - 1]!
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 1 ? '' : DIGITS[tens - 1]}十${ones ? DIGITS[ones - 1] : ''}`
}

/** The numbering a line starts with (Markdown #s and ** emphasis allowed before it), if any. */
export function matchHeading(line: string): Heading | undefined {
  const text = line.replace(/^#+\s*/, '').replace(/^\*\*/, '').trim()
  for (const { level, re, chinese } of PATTERNS) {
    const m = re.exec(text)
    if (!m) continue
    const ordinal = chinese ? chineseOrdinal(m[1]!) : Number(m[1])
    if (!Number.isInteger(ordinal) || ordinal < 1) continue
    return { level, ordinal, marker: text.slice(0, text.length - m[2]!.length).trim(), rest: m[2]!.replace(/\*\*/g, '').trim() }
  }
  return undefined
}

/** How a source line names a section: 第三部分（二）1.（1）. */
export function labelFor(path: { level: Heading['level']; ordinal: number }[]): string {
  return path
    .map(({ level, ordinal }) =>
      level === 1 ? `第${chineseNumber(ordinal)}部分` : level === 2 ? `（${chineseNumber(ordinal)}）` : level === 3 ? `${ordinal}.` : `（${ordinal}）`,
    )
    .join('')
}
