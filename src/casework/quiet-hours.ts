// Pushed notices wait for 07:00 when they would arrive between 22:00 and 07:00 China time (NOTICE_QUIET_HOURS).
const CHINA_OFFSET_MS = 8 * 3_600_000
const DAY_MS = 86_400_000

/** Epoch ms when a notice written at `now` may be pushed. */
export function notBefore(now: number, quiet: boolean): number {
  if (!quiet) return now
  const local = now + CHINA_OFFSET_MS
  const hour = Math.floor((local % DAY_MS) / 3_600_000)
  if (hour >= 7 && hour < 22) return now
  const dayStart = local - (local % DAY_MS)
  const seven = dayStart + 7 * 3_600_000 + (hour >= 22 ? DAY_MS : 0)
  return seven - CHINA_OFFSET_MS
}
