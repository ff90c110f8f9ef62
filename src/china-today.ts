// Today's date in China (Asia/Shanghai, UTC+8), where the workers and the policy are: a turn's dates and an
// eligibility result must not flip at UTC midnight, whatever the server's time zone.

// Built once: constructing an Intl.DateTimeFormat costs about a millisecond, and its memory is not given back.
const CHINA_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
const DAY_MS = 86_400_000
const UTC_PLUS_8_MS = 8 * 3_600_000

// Formatting is still a few microseconds on every turn: the date is kept for the rest of its (UTC+8) day.
let cachedDay = NaN
let cachedDate = ''

/** Today in China as YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  const day = Math.floor((now.getTime() + UTC_PLUS_8_MS) / DAY_MS)
  if (day !== cachedDay) {
    cachedDate = CHINA_DATE.format(now)
    cachedDay = day
  }
  return cachedDate
}
