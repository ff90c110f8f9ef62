// Calendar days as YYYY-MM-DD strings, the form every date takes in the contract (asOf, effective, …).

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

export function dateParts(date: string): [number, number, number] | undefined {
  const m = DATE.exec(date)
  if (!m) return undefined
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}

/** 2024-07-01 → 2024年7月1日 */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-')
  return `${y}年${Number(m)}月${Number(d)}日`
}

/** True only for a calendar date that exists: 2023-02-30 and 2023-13-01 are refused. */
export function isRealDate(date: string): boolean {
  const p = dateParts(date)
  if (!p) return false
  const [year, month, day] = p
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}
