// The masks every log line and display goes through: ID and phone numbers in any form a worker types them.
import { describe, expect, it } from 'vitest'
import { redactApplicationFields } from '../../src/handoff/mask-fields.js'
import { maskIdNumber, maskPhone, maskText } from '../../src/privacy/mask.js'

describe('maskText', () => {
  it.each([
    ['身份证330203199001011236', '身份证330***********1236'],
    ['他身份证3302 0319 9001 0112 36', '他身份证330***********1236'],
    ['330203-19900101-1236', '330***********1236'],
    ['330203　19900101　1236', '330***********1236'],
    ['330203 - 19900101 - 1236', '330***********1236'],
    ['11010519491231002x', '110***********002X'],
    ['１１０１０５１９４９１２３１００２Ｘ', '110***********002X'],
    ['手机13800138000', '手机138****8000'],
    ['+86 139 1234 5678', '139****5678'],
    ['电话138-0013-8000', '电话138****8000'],
  ])('masks %s', (text, masked) => {
    expect(maskText(text)).toBe(masked)
  })

  it('leaves amounts, dates and short numbers alone', () => {
    const text = '2020年发放4.76亿元，惠及6.17万人，每人每月450元，欠了8000元，编号A6Z139Z2F'
    expect(maskText(text)).toBe(text)
  })

  it('leaves a value already masked as it is, rather than masking its digits again', () => {
    expect(maskPhone('138****5678')).toBe('138****5678')
    expect(maskIdNumber('110***********002X')).toBe('110***********002X')
    expect(maskText('手机138****5678')).toBe('手机138****5678')
  })

  it('redaction after 删除我的信息 drops the words behind a category (industryDetail), as other free text', () => {
    expect(redactApplicationFields({ industry: 'other', industryDetail: '做家政保洁', description: '老板欠钱' })).toEqual({
      industry: 'other',
      industryDetail: '[已删除]',
      description: '[已删除]',
    })
  })
})
