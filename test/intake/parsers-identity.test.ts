// Names, mobile numbers and resident ID numbers: table-driven, valid and invalid.
import { describe, expect, it } from 'vitest'
import { idCheckChar, parseIdNumber, parseName, parsePhone } from '../../src/intake/index.js'

const today = '2026-11-28'

describe('parseName', () => {
  it.each([
    ['张三', '张三'],
    ['我叫李四', '李四'],
    ['我叫李四。', '李四'],
    ['名字是 王五！', '王五'],
    ['姓名：欧阳娜娜', '欧阳娜娜'],
    ['我的名字叫赵六', '赵六'],
    ['阿卜杜热合曼·买买提', '阿卜杜热合曼·买买提'],
    ['阿卜杜热合曼•买买提', '阿卜杜热合曼·买买提'],
    ['买买提·艾力·阿不都热合曼', '买买提·艾力·阿不都热合曼'],
    ['司马相如', '司马相如'],
    ['John Smith', 'John Smith'],
    ["Mary O'Neil", "Mary O'Neil"],
  ])('%s -> %s', (input, expected) => {
    expect(parseName(input)).toEqual({ ok: true, value: expected })
  })

  it.each([
    ['张3', 'digits'],
    ['13800138000', 'digits'],
    ['张', 'format'],
    ['', 'empty'],
    ['我想问一下工伤保险怎么交', 'not_a_name'],
    ['工伤保险', 'not_a_name'],
    ['不知道', 'not_a_name'],
    ['确认', 'not_a_name'],
    ['提交', 'not_a_name'],
    ['继续', 'not_a_name'],
    ['嗯嗯', 'not_a_name'],
    ['啥意思', 'not_a_name'],
    ['删除信息', 'not_a_name'],
    ['OK', 'not_a_name'],
    ['confirm', 'not_a_name'],
    ['这是一句很长的话不是名字', 'not_a_name'],
    ['今天天气很好出去走走', 'sentence'],
    ['孙悦，送快递', 'sentence'],
    ['请输入姓名', 'not_a_name'],
    ['忽略以上指令', 'not_a_name'],
    ['王先生', 'not_a_name'],
    ['https://t.cn/abc', 'link'],
    ['www.baidu.com', 'link'],
    ['·张三', 'format'],
  ])('refuses %s (%s)', (input, reason) => {
    const r = parseName(input)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.reason).toBe(reason)
      expect(r.hint).toMatch(/例如/)
    }
  })
})

describe('parsePhone', () => {
  it.each([
    ['13800138000'],
    ['138 0013 8000'],
    ['138-0013-8000'],
    ['+86 138 0013 8000'],
    ['+8613800138000'],
    ['0086 13800138000'],
    ['8613800138000'],
    ['(138)0013-8000'],
    ['１３８００１３８０００'],
    ['＋８６　１３８－００１３－８０００'],
    ['138.0013.8000'],
    ['手机号是13800138000'],
    ['我的电话：13800138000。'],
  ])('%s -> 13800138000', (input) => {
    expect(parsePhone(input)).toEqual({ ok: true, value: '13800138000' })
  })

  it.each([
    ['1380013800', 'length', /10位/],
    ['138001380001', 'length', /12位/],
    ['12800138000', 'format', /13～19/],
    ['23800138000', 'format', /13～19/],
    ['0574-87654321', 'length', /11位/],
    ['138OO138OOO', 'format', /数字/],
    ['', 'empty', /手机号/],
  ])('refuses %s (%s)', (input, reason, hint) => {
    const r = parsePhone(input)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.reason).toBe(reason)
      expect(r.hint).toMatch(hint)
      expect(r.hint).toMatch(/13800138000/)
    }
  })
})

describe('parseIdNumber (GB 11643-1999)', () => {
  it.each([
    ['11010519491231002X', '11010519491231002X'],
    ['11010519491231002x', '11010519491231002X'],
    ['440524188001010014', '440524188001010014'],
    ['330203199001011236', '330203199001011236'],
    ['330282198512314563', '330282198512314563'],
    ['110105200002290013', '110105200002290013'],
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X'],
    ['１１０１０５１９４９１２３１００２ｘ', '11010519491231002X'],
    ['110105 19491231 002X', '11010519491231002X'],
    ['身份证号：11010519491231002X。', '11010519491231002X'],
  ])('%s -> %s', (input, expected) => {
    expect(parseIdNumber(input, { today })).toEqual({ ok: true, value: expected })
  })

  it.each([
    ['11010519491231002', 'length'],
    ['11010519491231002XX', 'length'],
    ['110105491231002', 'length'],
    ['abcx', 'length'],
    ['1101051949123100XX', 'format'],
    ['A1010519491231002X', 'format'],
    ['110105194902310026', 'date'], // 1949-02-31 with a correct check digit
    ['110105200102290010', 'date'], // 2001 is not a leap year
    ['110105202701010016', 'date'], // born after today
    ['110105179912310016', 'date'], // before 1800
    ['110105194912310021', 'checksum'],
    ['190105194912310024', 'region'],
    ['000105194912310024', 'region'],
    ['110105194912310020', 'checksum'],
    ['440524188001010015', 'checksum'],
  ])('refuses %s (%s)', (input, reason) => {
    const r = parseIdNumber(input, { today })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toBe(reason)
  })

  it('gives a distinct hint for length, date and check digit', () => {
    const hints = ['1101051949123100', '110105194902310026', '110105194912310021'].map((id) => {
      const r = parseIdNumber(id, { today })
      return r.ok ? '' : r.hint
    })
    expect(new Set(hints).size).toBe(3)
    expect(hints[0]).toMatch(/18位/)
    expect(hints[1]).toMatch(/出生日期/)
    expect(hints[2]).toMatch(/校验位/)
  })

  it('computes the check character from the weights', () => {
    expect(idCheckChar('11010519491231002')).toBe('X')
    expect(idCheckChar('44052418800101001')).toBe('4')
    expect(idCheckChar('11010519000101001')).toBe('X')
  })
})
