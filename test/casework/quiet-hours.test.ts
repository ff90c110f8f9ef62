// Issue 24: pushed notices wait for 07:00 China time when they would arrive 22:00–07:00 (NOTICE_QUIET_HOURS).
import { describe, expect, it } from 'vitest'
import { notBefore } from '../../src/casework/quiet-hours.js'

/** Epoch ms of a China-time (UTC+8) wall clock. */
const china = (day: number, hour: number, minute = 0) => Date.UTC(2026, 0, day, hour - 8, minute)

describe('quiet hours (22:00–07:00 China time)', () => {
  it('sends at once during the day, up to 21:59', () => {
    for (const [h, m] of [[7, 0], [12, 30], [21, 59]]) expect(notBefore(china(5, h, m), true)).toBe(china(5, h, m))
  })

  it('holds a notice written from 22:00 until 07:00 the next morning', () => {
    expect(notBefore(china(5, 22, 0), true)).toBe(china(6, 7))
    expect(notBefore(china(5, 23, 59), true)).toBe(china(6, 7))
  })

  it('holds one written after midnight until 07:00 the same morning (the UTC date is the day before)', () => {
    expect(notBefore(china(6, 0, 0), true)).toBe(china(6, 7))
    expect(notBefore(china(6, 3, 15), true)).toBe(china(6, 7))
    expect(notBefore(china(6, 6, 59), true)).toBe(china(6, 7))
  })

  it('crosses a month and a year end', () => {
    expect(notBefore(Date.UTC(2026, 11, 31, 15, 0), true)).toBe(Date.UTC(2026, 11, 31, 23, 0)) // 23:00 on 31 Dec -> 07:00 on 1 Jan
  })

  it('sends at any hour when NOTICE_QUIET_HOURS is off', () => {
    expect(notBefore(china(5, 23), false)).toBe(china(5, 23))
    expect(notBefore(china(6, 3), false)).toBe(china(6, 3))
  })
})
