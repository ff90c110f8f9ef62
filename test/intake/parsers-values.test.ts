// Dates and money: the forms people write them in, normalised; impossible and out-of-range values refused.
import { describe, expect, it } from 'vitest'
import { parseChineseNumber, parseDate, parseMoney } from '../../src/intake/index.js'

const today = '2026-11-28'

describe('parseDate', () => {
  it.each([
    ['2023年5月', '2023-05-01', 'month'],
    ['2023年05月', '2023-05-01', 'month'],
    ['2023年6月开业，之前筹备了半年', '2023-06-01', 'month'],
    ['2023年5月份', '2023-05-01', 'month'],
    ['2023年5月1日', '2023-05-01', 'day'],
    ['2023年5月1号', '2023-05-01', 'day'],
    ['2023-05', '2023-05-01', 'month'],
    ['2023-05-01', '2023-05-01', 'day'],
    ['2023.5.1', '2023-05-01', 'day'],
    ['2023.5', '2023-05-01', 'month'],
    ['2023/5/1', '2023-05-01', 'day'],
    ['20230501', '2023-05-01', 'day'],
    ['２０２３年５月', '2023-05-01', 'month'],
    ['二〇二三年五月', '2023-05-01', 'month'],
    ['二〇二三年十二月二十一日', '2023-12-21', 'day'],
    ['23年5月', '2023-05-01', 'month'],
    ['99年5月', '1999-05-01', 'month'],
    ['去年3月', '2025-03-01', 'month'],
    ['今年3月5日', '2026-03-05', 'day'],
    ['前年12月', '2024-12-01', 'month'],
    ['上个月', '2026-10-01', 'month'],
    ['昨天', '2026-11-27', 'day'],
    ['我2023年5月开的店', '2023-05-01', 'month'],
    ['大概是2020年2月29日开业的', '2020-02-29', 'day'],
  ])('%s -> %s (%s)', (input, value, precision) => {
    expect(parseDate(input, { today })).toEqual({ ok: true, value, meta: { precision } })
  })

  it.each([
    ['2023-02-30', 'impossible'],
    ['2023年13月', 'impossible'],
    ['2021年2月29日', 'impossible'],
    ['19490231', 'impossible'],
    ['1800年1月', 'impossible'],
    ['3月', 'no_year'],
    ['2023年', 'no_month'],
    ['开了好几年了', 'format'],
    ['还没开业', 'not_started'],
    ['准备开个网店', 'not_started'],
    ['还在筹备，没开业', 'not_started'],
    ['', 'empty'],
    ['2022年1月到2023年5月', 'ambiguous'],
  ])('refuses %s (%s)', (input, reason) => {
    const r = parseDate(input, { today })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.reason).toBe(reason)
      expect(r.hint.length).toBeGreaterThan(4)
    }
  })

  it('refuses future dates only when the field says so', () => {
    expect(parseDate('2027年1月', { today }).ok).toBe(true)
    const r = parseDate('2027年1月', { today, notFuture: true })
    expect(r).toMatchObject({ ok: false, reason: 'future' })
    expect(parseDate('2026年11月', { today, notFuture: true })).toMatchObject({ ok: true, value: '2026-11-01' })
    expect(parseDate('2026-11-29', { today, notFuture: true })).toMatchObject({ ok: false, reason: 'future' })
    expect(parseDate('2026-11-28', { today, notFuture: true })).toMatchObject({ ok: true })
  })

  it('reads 两位 years relative to today', () => {
    expect(parseDate('26年1月', { today })).toMatchObject({ value: '2026-01-01' })
    expect(parseDate('27年1月', { today })).toMatchObject({ value: '1927-01-01' })
  })
})

describe('parseMoney', () => {
  it.each([
    ['20万', 200_000],
    ['20万元', 200_000],
    ['8000元', 8000],
    ['8000', 8000],
    ['两万元', 20_000],
    ['两万', 20_000],
    ['1.5万', 15_000],
    ['三千五', 3500],
    ['三千五百元', 3500],
    ['2万5', 25_000],
    ['2万5千', 25_000],
    ['两万五千', 25_000],
    ['一万二', 12_000],
    ['十万块', 100_000],
    ['一千零五十', 1050],
    ['20000', 20_000],
    ['￥8,000', 8000],
    ['¥8,000.50', 8000.5],
    ['8k', 8000],
    ['2w', 20_000],
    ['２０万', 200_000],
    ['大概5000块钱左右', 5000],
    ['一共欠了我三个月工资，两万四', 24_000],
    ['欠了3个月的，共12000元', 12_000],
    ['欠了一个月工资，5000元', 5000],
    ['月薪6000一共欠我18000', 18_000],
  ])('%s -> %d', (input, value) => {
    expect(parseMoney(input)).toEqual({ ok: true, value })
  })

  it.each([
    ['0', 'not_positive'],
    ['每月5000欠了3个月', 'per_period'],
    ['月薪6000，欠了半年', 'per_period'],
    ['0元', 'not_positive'],
    ['-500', 'not_positive'],
    ['负五百', 'not_positive'],
    ['不知道', 'empty'],
    ['', 'empty'],
    ['2000或3000元', 'ambiguous'],
    ['200亿', 'too_large'],
  ])('refuses %s (%s)', (input, reason) => {
    const r = parseMoney(input)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.reason).toBe(reason)
      expect(r.hint).toMatch(/例如/)
    }
  })
})

describe('parseChineseNumber', () => {
  it.each([
    ['十五', 15],
    ['二十', 20],
    ['一百二', 120],
    ['一百零二', 102],
    ['三十万', 300_000],
    ['1亿2000万', 120_000_000],
    ['1.5万', 15_000],
  ])('%s -> %d', (input, value) => {
    expect(parseChineseNumber(input)).toBe(value)
  })
  it.each([['万'], ['一五'], ['abc'], ['']])('%s is not a number', (input) => {
    expect(parseChineseNumber(input)).toBeNull()
  })
})
