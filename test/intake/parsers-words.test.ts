// Yes/no, consent, industries, hukou, platforms and free text in everyday words.
import { describe, expect, it } from 'vitest'
import {
  parseConsent, parseDescription, parseEmployer, parseHukou, parseIndustry, parsePlatform, parseYesNo,
} from '../../src/intake/index.js'

describe('parseYesNo', () => {
  it.each([
    '是', '是的', '对', '对的', '嗯', '嗯嗯', '好', '好的', '可以', '同意', '确认', '没问题', '行', 'ok', 'OK', 'Yes', 'y', '有',
    '要', '是的，我同意', '对对对', '好的！', '是啊', '没错', '当然',
  ])('%s -> yes', (input) => {
    expect(parseYesNo(input)).toEqual({ ok: true, value: true })
  })

  it.each([
    '不', '否', '不是', '没有', '不要', '不同意', 'no', 'N', '算了', '不是的', '不用', '没有的', '还没有', '不对',
  ])('%s -> no', (input) => {
    expect(parseYesNo(input)).toEqual({ ok: true, value: false })
  })

  it.each(['是不是', '是吗', '可以吗？', '不知道怎么说', 'note', 'okay then maybe', '有点', '', '嗯？'])('%s is unclear', (input) => {
    const r = parseYesNo(input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.hint).toMatch(/是/)
  })
})

describe('parseConsent', () => {
  it.each(['同意', '我同意', '确认同意', '好的同意', '好的，同意', '可以', '是', '是的', '同意！', '我已阅读并同意'])('%s is consent', (input) => {
    expect(parseConsent(input)).toEqual({ ok: true, value: true })
  })
  it.each([
    ['不同意', 'refused'],
    ['我不同意', 'refused'],
    ['拒绝', 'refused'],
    ['算了', 'refused'],
    ['好的', 'unclear'],
    ['嗯', 'unclear'],
    ['ok', 'unclear'],
    ['同意吗', 'unclear'],
    ['你们要我身份证干嘛', 'unclear'],
  ])('%s is not consent (%s)', (input, reason) => {
    expect(parseConsent(input)).toMatchObject({ ok: false, reason })
  })
})

describe('parseIndustry', () => {
  it.each([
    ['外卖', 'food_delivery'], ['送外卖的', 'food_delivery'], ['骑手', 'food_delivery'], ['美团', 'food_delivery'],
    ['饿了么骑手', 'food_delivery'], ['送餐', 'food_delivery'],
    ['滴滴', 'ride_hailing'], ['跑滴滴', 'ride_hailing'], ['网约车司机', 'ride_hailing'], ['跑车', 'ride_hailing'], ['开专车', 'ride_hailing'], ['快车', 'ride_hailing'],
    ['出租车', 'taxi'], ['的哥', 'taxi'], ['开出租', 'taxi'], ['巡游出租车', 'taxi'],
    ['快递', 'express_logistics'], ['物流', 'express_logistics'], ['顺丰', 'express_logistics'], ['中通快递员', 'express_logistics'], ['快递小哥', 'express_logistics'],
    ['网店', 'ecommerce'], ['开网店', 'ecommerce'], ['淘宝店主', 'ecommerce'], ['电商', 'ecommerce'], ['直播带货', 'ecommerce'],
    ['工地', 'construction'], ['建筑工人', 'construction'], ['施工', 'construction'], ['搞装修的', 'construction'],
    ['房产中介', 'real_estate_agency'], ['房地产中介', 'real_estate_agency'],
    ['养老护理', 'elderly_care'], ['护工', 'elderly_care'], ['在养老院做护理', 'elderly_care'],
    ['ＯＫ快递', 'express_logistics'],
  ])('%s -> %s', (input, value) => {
    expect(parseIndustry(input)).toMatchObject({ ok: true, value })
  })

  it.each([['家政', '家政'], ['保安', '保安'], ['我是做保洁的', '保洁'], ['厨师', '厨师']])('%s -> other (%s)', (input, raw) => {
    expect(parseIndustry(input)).toEqual({ ok: true, value: 'other', meta: { raw } })
  })

  it.each(['嗯', '不知道', '是的', '', '123', '你说什么？'])('%s is re-asked', (input) => {
    const r = parseIndustry(input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.hint).toMatch(/例如/)
  })
})

describe('parseHukou', () => {
  it.each([
    ['宁波户口', 'ningbo'], ['本地户口', 'ningbo'], ['宁波人', 'ningbo'], ['本市户籍', 'ningbo'], ['是宁波的', 'ningbo'],
    ['户口在鄞州', 'ningbo'], ['慈溪的', 'ningbo'], ['是', 'ningbo'], ['是的', 'ningbo'],
    ['外地', 'other'], ['外省的', 'other'], ['非本地户口', 'other'], ['老家是安徽', 'other'], ['不是宁波的', 'other'],
    ['户口不在宁波', 'other'], ['不是本地人', 'other'], ['杭州户口', 'other'], ['不是', 'other'], ['四川', 'other'],
  ])('%s -> %s', (input, value) => {
    expect(parseHukou(input)).toEqual({ ok: true, value })
  })
  it.each(['嗯？', '户口是什么意思', 'abc'])('%s is re-asked', (input) => {
    expect(parseHukou(input).ok).toBe(false)
  })
})

describe('parsePlatform', () => {
  it.each([
    ['美团', '美团'], ['饿了么', '饿了么'], ['饿了吗', '饿了么'], ['高德', '高德'], ['曹操', '曹操出行'],
    ['顺丰', '顺丰'], ['在达达上接单', '达达'], ['ｔ３出行', 'T3出行'], ['闪送', '闪送'], ['货拉拉', '货拉拉'],
  ])('%s -> %s', (input, value) => {
    expect(parsePlatform(input)).toEqual({ ok: true, value })
  })
  it.each([
    ['美团外卖', '美团外卖', '美团'], ['美团众包', '美团众包', '美团'], ['我跑的是美团众包', '美团众包', '美团'],
    ['滴滴出行', '滴滴出行', '滴滴'], ['蜂鸟众包', '蜂鸟众包', '饿了么'], ['顺丰同城', '顺丰同城', '顺丰'],
  ])('keeps %s as said (%s) with the normalised platform (%s) beside it', (input, value, normalized) => {
    expect(parsePlatform(input)).toEqual({ ok: true, value, meta: { normalized } })
  })
  it('keeps an unknown platform in the user\'s words', () => {
    expect(parsePlatform('在宁波小跑腿平台')).toEqual({ ok: true, value: '宁波小跑腿', meta: { raw: '宁波小跑腿' } })
  })
  it.each(['嗯', '无', 'a', '哪个平台都行吗', 'x'.repeat(31)])('refuses %s', (input) => {
    expect(parsePlatform(input).ok).toBe(false)
  })
})

describe('free text', () => {
  it('employer: 2-50 characters, without the lead-in', () => {
    expect(parseEmployer('宁波某某建筑有限公司')).toEqual({ ok: true, value: '宁波某某建筑有限公司' })
    expect(parseEmployer('公司是宁波某某建筑有限公司。')).toEqual({ ok: true, value: '宁波某某建筑有限公司' })
    expect(parseEmployer('张老板')).toEqual({ ok: true, value: '张老板' })
    expect(parseEmployer('张')).toMatchObject({ ok: false, reason: 'too_short' })
    expect(parseEmployer('不知道')).toMatchObject({ ok: false, reason: 'too_short' })
    expect(parseEmployer('很'.repeat(51))).toMatchObject({ ok: false, reason: 'too_long' })
  })
  it('description: 5-500 characters, the user\'s own punctuation kept', () => {
    const text = '2024年3月到6月在工地干活，老板一直没结工资。'
    expect(parseDescription(text)).toEqual({ ok: true, value: text })
    expect(parseDescription('没给钱')).toMatchObject({ ok: false, reason: 'too_short' })
    expect(parseDescription('很'.repeat(501))).toMatchObject({ ok: false, reason: 'too_long' })
    expect(parseDescription('很'.repeat(20), { maxLength: 10 })).toMatchObject({ ok: false, reason: 'too_long' })
  })
})
