// What a worker's message says about them, as profile facts (CONTRACT.md "Profile fields"): 我在宁波送外卖三年了，
// 本地户口 -> industry food_delivery, workType flexible, hukou ningbo. Deterministic: the job-word table
// (knowledge/industries.yaml), the hukou finder and a few fixed phrases. Only what the words state is taken:
// a wish (想开店) is not a business, a denial (不是本地人) is the opposite, a question (能交养老保险吗) states nothing.
import type { Profile } from '../eligibility/profile.js'
import { findDate } from './parsers/date.js'
import { findHukou } from './parsers/hukou.js'
import { matchJob } from './parsers/job-words.js'
import { normalize } from './parsers/text.js'

type Facts = Partial<Omit<Profile, 'asOf'>>

/** A fact stated in so many words: the pattern, and what it sets. */
const PHRASES: Array<[RegExp, Facts]> = [
  [/灵活就业|打零工|零工|自由职业|散工|平台接单|接单平台/, { workType: 'flexible' }],
  [/个体户|个体工商户|个体经营|开(?:了|着)?(?:一家|一个|个|家)?(?:小)?(?:网店|店|公司|饭店|餐馆|工作室|厂)|自己当老板|当老板|自己干|在创业|创业了|办了执照|营业执照/, { workType: 'self_employed', startedBusiness: true }],
  [/在(?:单位|公司|厂里|工厂|企业)上班|上班族|签了劳动合同|有劳动合同/, { workType: 'employee' }],
  [/失业|没(?:有)?工作|待业|找工作/, { workType: 'unemployed' }],
  [/在校(?:学)?生|在读|还在上学|大学生|研究生/, { workType: 'student' }],
  [/实习/, { intern: true }],
  [/非全日制|小时工|钟点工/, { partTime: true }],
  [/退休了|已经退休|退休返聘|超龄|过了退休年龄|超过退休年龄/, { overRetirementAge: true }],
  [/工程师|技术员|专业技术人员|职称/, { professionalTechnician: true }],
  [/欠(?:了)?(?:我|我们)?[^，,。；;！!？?]{0,6}(?:工资|工钱|薪水|劳务费)|拖欠|欠薪|工资(?:没|不|一直没)(?:发|给|结)|不发工资|不给工资|拿不到工资/, { wageArrears: true }],
  [/买车|购车|购置车辆|买辆车|买一辆车|换车/, { buyingVehicle: true }],
  [/专职|全职/, { rideHailingFullTime: true }],
  [/兼职/, { rideHailingFullTime: false }],
]

/** A wish, a plan or a question about it: 想开店, 打算创业, 能不能买车 state no fact (buying a car excepted: a plan counts). */
const WISH_BEFORE = /(?:想|想要|打算|准备|计划|要不要|能不能|可不可以|如果|假如|将来|以后)[^，,。；;！!？?]{0,3}$/
const DENIED_BEFORE = /(?:不是|没有|没|不|并非|从没)[^，,。；;！!？?]{0,2}$/
/** Where a business is: 在宁波开店, 店在宁波, 在杭州注册的公司. */
const BUSINESS_IN_NINGBO = /(?:在宁波|宁波(?:的)?)[^，,。；;！!？?]{0,6}(?:开|办|注册|创业|经营)|(?:店|公司|执照)[^，,。；;！!？?]{0,4}在宁波/
const BUSINESS_ELSEWHERE = /在(?!宁波)[\u4e00-\u9fa5]{2,3}(?:市|县)?[^，,。；;！!？?]{0,4}(?:开店|开公司|注册|创业)|(?:店|公司)[^，,。；;！!？?]{0,4}在外地/
const BUSINESS_DATE_NEAR = /开业|开张|注册|开的店|开的公司|开店|办执照|创业/

function stated(text: string, m: RegExpExecArray, allowWish = false): boolean {
  const before = text.slice(0, m.index)
  if (DENIED_BEFORE.test(before)) return false
  return allowWish || !WISH_BEFORE.test(before)
}

/**
 * The profile facts a message states about the worker. `today` dates 2023年5月开业. Fields the text says nothing
 * about are absent; a later phrase does not override an earlier one of the same field.
 */
export function factsFromText(text: string, today?: string): Facts {
  const t = normalize(text)
  const facts: Record<string, unknown> = {}
  const set = (more: Facts) => {
    for (const [k, v] of Object.entries(more)) if (facts[k] === undefined) facts[k] = v
  }
  const job = matchJob(t)
  if (job && stated(t, { index: job.index } as RegExpExecArray)) set({ industry: job.industry, ...job.implies })
  for (const [pattern, more] of PHRASES) {
    const m = pattern.exec(t)
    if (m && stated(t, m, 'buyingVehicle' in more)) set(more)
  }
  const hukou = findHukou(t)
  if (hukou) set({ hukou: hukou.value })
  // 我是外地的, 外地来的, 本地的: said of oneself, these are the hukou too.
  else if (/外地(?:的|人|来的)|外省(?:的|人|来的)|老家(?:是|在)(?!宁波)/.test(t)) set({ hukou: 'other' })
  else if (/(?:宁波)?本地(?:的|人)|土生土长/.test(t)) set({ hukou: 'ningbo' })
  if (facts.startedBusiness) {
    if (BUSINESS_IN_NINGBO.test(t)) set({ businessLocation: 'ningbo' })
    else if (BUSINESS_ELSEWHERE.test(t)) set({ businessLocation: 'other' })
    const date = BUSINESS_DATE_NEAR.test(t) ? findDate(t, { today, notFuture: true }) : null
    if (date) set({ businessStartDate: date.value as string })
  }
  // 我65岁了: past any statutory retirement age, old or new (the age itself is not kept).
  const age = /(?<!\d)([5-9]\d)\s*(?:岁|周岁)/.exec(t)
  if (age && Number(age[1]) >= 65) set({ overRetirementAge: true })
  // Full-time or part-time speaks of a ride-hailing driver only.
  if (facts.industry !== 'ride_hailing') delete facts.rideHailingFullTime
  return facts as Facts
}
