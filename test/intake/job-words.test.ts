// The job-word table (knowledge/industries.yaml) and the facts a message states (src/intake/profile-facts.ts).
import { describe, expect, it } from 'vitest'
import { factsFromText } from '../../src/intake/profile-facts.js'
import { jobWordCount, matchJob, parseJobWords } from '../../src/intake/parsers/job-words.js'
import { extractFields, parseIndustry } from '../../src/intake/index.js'
import { loadForms } from '../../src/intake/load-forms.js'
import { fileURLToPath } from 'node:url'

const forms = loadForms(fileURLToPath(new URL('../../knowledge/forms', import.meta.url)))
const injury = forms.find((f) => f.id === 'work_injury_insurance')!
const today = '2026-03-01'

describe('the job-word table', () => {
  it('holds at least 40 colloquial job words', () => {
    expect(jobWordCount()).toBeGreaterThanOrEqual(40)
  })

  it.each([
    ['送快递', 'express_logistics'], ['我是快递员', 'express_logistics'], ['跑腿', 'express_logistics'], ['同城跑腿', 'express_logistics'],
    ['闪送的', 'express_logistics'], ['开货拉拉', 'express_logistics'], ['开货车拉货', 'express_logistics'], ['在仓库分拣', 'express_logistics'],
    ['代驾', 'ride_hailing'], ['晚上开代驾', 'ride_hailing'], ['跑滴滴', 'ride_hailing'], ['开网约车的', 'ride_hailing'], ['跑高德', 'ride_hailing'],
    ['开出租', 'taxi'], ['的哥', 'taxi'],
    ['保姆', 'elderly_care'], ['住家保姆', 'elderly_care'], ['在敬老院当护工', 'elderly_care'], ['做陪护', 'elderly_care'],
    ['装修', 'construction'], ['搞装修', 'construction'], ['泥瓦工', 'construction'], ['在工地搬砖', 'construction'], ['电焊工', 'construction'], ['木工', 'construction'],
    ['送外卖', 'food_delivery'], ['跑外卖', 'food_delivery'], ['外卖小哥', 'food_delivery'], ['美团众包骑手', 'food_delivery'], ['跑单的', 'food_delivery'],
    ['开网店', 'ecommerce'], ['淘宝店', 'ecommerce'], ['做直播带货', 'ecommerce'], ['微商', 'ecommerce'], ['拼多多卖货', 'ecommerce'],
    ['房产中介', 'real_estate_agency'], ['在链家卖房子', 'real_estate_agency'], ['置业顾问', 'real_estate_agency'],
  ])('%s -> %s', (words, industry) => {
    expect(parseIndustry(words)).toMatchObject({ ok: true, value: industry })
  })

  it('other only for what matches none, the words kept', () => {
    expect(parseIndustry('做家政保洁')).toEqual({ ok: true, value: 'other', meta: { raw: '家政保洁' } })
    expect(parseIndustry('保安')).toEqual({ ok: true, value: 'other', meta: { raw: '保安' } })
  })

  it('a programme named after a trade is not the trade (养老保险, 快递行业工会); a denied job is skipped', () => {
    expect(matchJob('我想交养老保险')).toBeNull()
    expect(matchJob('不是送外卖的，是送快递的')?.industry).toBe('express_logistics')
  })

  it('refuses a word listed twice', () => {
    expect(() => parseJobWords('groups:\n  - industry: taxi\n    words: [的哥, 的哥]\n')).toThrow(/twice/)
    expect(() => parseJobWords('groups:\n  - industry: pilot\n    words: [机长]\n')).toThrow(/industry/)
  })
})

describe('factsFromText', () => {
  it.each<[string, Record<string, unknown>]>([
    ['我在宁波送外卖三年了，本地户口，我能享受哪些政策', { industry: 'food_delivery', workType: 'flexible', hukou: 'ningbo' }],
    ['跑滴滴的，外地户口，能申请啥', { industry: 'ride_hailing', workType: 'flexible', hukou: 'other' }],
    ['我是全职开网约车的，打算买辆车', { industry: 'ride_hailing', workType: 'flexible', rideHailingFullTime: true, buyingVehicle: true }],
    ['我在宁波开了家小饭店，2024年3月开业的', { workType: 'self_employed', startedBusiness: true, businessLocation: 'ningbo', businessStartDate: '2024-03-01' }],
    ['我是个体户，在淘宝开网店', { industry: 'ecommerce', workType: 'self_employed', startedBusiness: true }],
    ['我在工地干活，老板欠了我三个月工资', { industry: 'construction', wageArrears: true }],
    ['退休了，在敬老院做护工', { industry: 'elderly_care', overRetirementAge: true }],
    ['我是大学生，在快递公司实习', { industry: 'express_logistics', workType: 'student', intern: true }],
    ['宁波人，做钟点工', { hukou: 'ningbo', partTime: true }],
    ['我跑美团外卖，外地的', { industry: 'food_delivery', workType: 'flexible', hukou: 'other' }],
    ['我在宁波开了个网店两年了，本地人', { industry: 'ecommerce', workType: 'self_employed', startedBusiness: true, businessLocation: 'ningbo', hukou: 'ningbo' }],
    ['老家是安徽的，在工地干活', { industry: 'construction', hukou: 'other' }],
    ['我65岁了还在建筑工地干活', { industry: 'construction', overRetirementAge: true }],
  ])('%s', (text, facts) => {
    expect(factsFromText(text, today)).toEqual(facts)
  })

  it('a wish, a denial or a question states nothing', () => {
    expect(factsFromText('我想开店，能贷款吗', today)).toEqual({})
    expect(factsFromText('能交养老保险吗', today)).toEqual({})
    expect(factsFromText('我不是送外卖的', today)).toEqual({})
    expect(factsFromText('兼职跑滴滴', today)).toMatchObject({ industry: 'ride_hailing', rideHailingFullTime: false })
    expect(factsFromText('兼职送外卖', today)).not.toHaveProperty('rideHailingFullTime')
  })
})

describe('every field a message carries, none eating another', () => {
  it.each<[string, string | null, Record<string, unknown>]>([
    ['孙悦 15900001111 送快递', 'name', { name: '孙悦', phone: '15900001111', industry: 'express_logistics' }],
    ['15900001111 孙悦 送快递', 'name', { name: '孙悦', phone: '15900001111', industry: 'express_logistics' }],
    ['送快递 孙悦 15900001111', 'name', { name: '孙悦', phone: '15900001111', industry: 'express_logistics' }],
    ['孙悦/15900001111/顺丰', 'name', { name: '孙悦', phone: '15900001111', platform: '顺丰', industry: 'express_logistics' }],
    ['我在美团送外卖', 'industry', { industry: 'food_delivery', platform: '美团' }],
    ['欧阳娜娜，美团众包', 'name', { name: '欧阳娜娜', platform: '美团众包', industry: 'food_delivery' }],
    ['Zhang Wei, 13912345678, courier', 'name', { name: 'Zhang Wei', phone: '13912345678', industry: 'express_logistics' }],
    ['我叫马丽 手机：１３９１２３４５６７８ 顺丰快递员', null, { name: '马丽', phone: '13912345678', industry: 'express_logistics', platform: '顺丰' }],
  ])('%s', (text, awaiting, expected) => {
    expect(extractFields(injury, text, { awaiting, today })).toEqual(expected)
  })
})

describe('other forms: a name beside other words is never glued to them', async () => {
  const subsidy = forms.find((f) => f.id === 'social_insurance_subsidy')!
  const wages = forms.find((f) => f.id === 'wage_arrears')!
  it.each<[typeof subsidy, string, Record<string, unknown>]>([
    [subsidy, '宁波户口的王五，手机13912345678', { name: '王五', hukou: 'ningbo', phone: '13912345678' }],
    [wages, '我叫赵磊，手机13588889999，装修公司欠我8000元', { name: '赵磊', phone: '13588889999', employer: '装修公司', amountOwed: 8000 }],
    [wages, '刘备 13800138000 宁波某某建筑公司 欠了2万', { name: '刘备', phone: '13800138000', employer: '宁波某某建筑公司', amountOwed: 20000 }],
  ])('%#: %s', (form, text, expected) => {
    expect(extractFields(form, text, { awaiting: 'name', today })).toEqual(expected)
  })
})
