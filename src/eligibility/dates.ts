// Calendar dates as YYYY-MM-DD strings: validation, month arithmetic and "today" in Ningbo's time zone.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

function parts(date: string): [number, number, number] | undefined {
  const m = DATE.exec(date)
  if (!m) return undefined
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

/** True only for a calendar date that exists: 2023-02-30 and 2023-13-01 are refused. */
export function isRealDate(date: string): boolean {
  const p = parts(date)
  if (!p) return false
  const [year, month, day] = p
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

/**
 * The same day `months` later; a day that month lacks falls back to its last day
 * (2020-02-29 + 36 months = 2023-02-28, 2021-01-31 + 1 month = 2021-02-28).
 */
export function addMonths(date: string, months: number): string {
  const p = parts(date)
  if (!p || !isRealDate(date)) throw new Error(`not a real date: ${date}`)
  const [year, month, day] = p
  const total = year * 12 + (month - 1) + months
  const newYear = Math.floor(total / 12)
  const newMonth = (total % 12) + 1
  return `${pad(newYear, 4)}-${pad(newMonth, 2)}-${pad(Math.min(day, daysInMonth(newYear, newMonth)), 2)}`
}

/** Today's date where the policy applies (Ningbo, UTC+8), so a result does not flip at UTC midnight. */
export { todayInChina as todayInNingbo } from '../china-today.js'
