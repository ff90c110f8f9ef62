import { describe, expect, it } from 'vitest'
import { chineseToArabic, extractFigures, normaliseFigures, unsupportedFigures } from '../../src/answer/figures.js'

const values = (text: string) => extractFigures(text).map((f) => `${f.value}${f.unit ? '/' + f.unit : ''}`)

describe('normaliseFigures', () => {
  it.each([
    ['每人每月 450 元', '每人每月450元'],
    ['4.76 亿元', '4.76亿元'],
    ['88.7 万人', '88.7万人'],
    ['百分之十', '10%'],
    ['百分之十一点五', '11.5%'],
    ['占１１％', '占11%'],
    ['五年内', '5年内'],
    ['两万元', '2万元'],
    ['八十八点七万人', '88.7万人'],
    ['二〇二〇年七月', '2020年7月'],
    ['一万二千元', '12000元'],
    ['一亿五千万元', '150000000元'],
    ['连续十三年', '连续13年'],
    ['1,000元', '1000元'],
    ['一个月', '1个月'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseFigures(input)).toBe(expected)
  })

  it('leaves numerals that are words alone', () => {
    for (const word of ['统一', '进一步', '一些', '一名骑手', '一家企业', '“三新”领域八大群体', '之一', '万一', '千万不要', '十分重要', '第一年', '第三部分（二）']) {
      expect(normaliseFigures(word)).toBe(word.normalize('NFKC'))
    }
  })

  it('reads Chinese numerals positionally or digit by digit', () => {
    expect(chineseToArabic('二十五')).toBe('25')
    expect(chineseToArabic('一百零五')).toBe('105')
    expect(chineseToArabic('四点七六亿')).toBe('4.76亿')
    expect(chineseToArabic('二〇二一')).toBe('2021')
  })
})

describe('extractFigures', () => {
  it('applies 万/亿 so equal amounts compare equal however written', () => {
    expect(values('6.17 万人')).toEqual(['61700/person'])
    expect(values('惠及六万一千七百人')).toEqual(['61700/person'])
    expect(values('4.76亿元')).toEqual(values('四点七六亿元'))
  })

  it('keeps percentages apart from plain numbers and skips ordinals', () => {
    expect(values('占11%，第3年')).toEqual(['11%'])
    expect(values('11.5亿元')).toEqual(['1150000000/money'])
  })

  it('reads counted units through 余 and 多', () => {
    expect(values('400余名')).toEqual(['400/person'])
    expect(values('7800多人')).toEqual(['7800/person'])
  })
})

describe('unsupportedFigures', () => {
  const source = '对符合条件的灵活就业人员给予每人每月 450 元的社保补贴，2020 年全市共发放补贴 4.76 亿元，惠及 6.17 万人。'

  it('accepts figures the source holds, in any notation', () => {
    expect(unsupportedFigures('每月四百五十元，2020年发放四点七六亿元，惠及61700人', source)).toEqual([])
  })

  it('names figures the source does not hold', () => {
    expect(unsupportedFigures('每月500元', source)).toEqual(['500元'])
    expect(unsupportedFigures('每月450万元', source)).toEqual(['450万元'])
    expect(unsupportedFigures('补贴比例百分之十', source)).toEqual(['10%'])
    expect(unsupportedFigures('最长五年', source)).toEqual(['5年'])
  })

  it('rejects a number with the wrong unit but accepts one with none', () => {
    expect(unsupportedFigures('450人', source)).toEqual(['450人'])
    expect(unsupportedFigures('每月 450', source)).toEqual([])
  })

  it('checks a year and month together', () => {
    const injury = '2020 年 7 月，出台《关于进一步做好稳就业工作的实施意见》。2021年1月出台办法。'
    expect(unsupportedFigures('2020年7月出台', injury)).toEqual([])
    expect(unsupportedFigures('2021年7月出台', injury)).toEqual(['2021年7月'])
  })
})
