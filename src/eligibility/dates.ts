// Calendar dates as YYYY-MM-DD strings: validation, month arithmetic and "today" in Ningbo's time zone.

import { dateParts as parts, daysInMonth, isRealDate } from '../calendar.js'

export { isRealDate }

const pad = (n: number, width: number) => String(n).padStart(width, '0')

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
