// Where the document covers a topic but not the detail asked (premium, materials, address, how long…): the answer
// says plainly that it does not state it, gives what it does say, and where to ask. Never a guessed detail.
import type { AnswerTexts } from './types.js'

interface Detail {
  asks: RegExp
  /** What the document does not state, as the answer names it. */
  what: string
  /** Answered first (the direct line is the silence); otherwise a note under what the document does say. */
  leads: boolean
  /**
   * The document does state it when a quoted sentence matches this. None of these match the shipped document's
   * sentences (it states none of these details); they let a later notice that does state one be answered as such.
   */
  unlessSentence?: RegExp
}

const DETAILS: Detail[] = [
  { asks: /(交|缴)(费)?.{0,4}多少|多少钱.{0,3}(交|缴)|保费|缴费(标准|基数|比例|金额)|个人缴费|how much .*(pay|cost|premium)|premium|contribution/i, what: '要交多少钱（缴费标准）', leads: true, unlessSentence: /(缴费|缴纳|交纳|交费|缴存|个人缴|单位缴).{0,12}\d+(\.\d+)?\s*(元|%)|缴费(基数|标准|比例)(为|是|按)/ },
  { asks: /交钱|要钱|收费|收钱|会费|费用|花钱|免费/, what: '要不要交钱、交多少', leads: true, unlessSentence: /免费|不收(取)?费|(收费|收取).{0,8}\d+元|会费.{0,8}(\d+|免)/ },
  { asks: /交(满)?几年|交多少年|缴费年限|交够|交满/, what: '要交多少年（缴费年限）', leads: true, unlessSentence: /(缴费|缴纳|交)满?\s*\d+\s*年|缴费年限/ },
  { asks: /断缴|补缴|停缴/, what: '断缴、补缴怎么处理', leads: true, unlessSentence: /断缴|补缴|停缴/ },
  { asks: /认定|鉴定|算(不算)?工伤|算工伤/, what: '工伤怎么认定', leads: true, unlessSentence: /工伤认定|认定为工伤|认定工伤|伤残鉴定|劳动能力鉴定/ },
  { asks: /赔(多少|偿|钱)|赔付|报销|待遇标准|能领多少|领多少/, what: '具体的待遇、赔付或报销标准', leads: true, unlessSentence: /待遇|赔付|报销.{0,6}\d|\d+(\.\d+)?%.{0,6}报销/ },
  { asks: /材料|证件|带什么|准备什么|提供什么|资料|documents? (do i )?need|what documents/i, what: '需要哪些材料', leads: true, unlessSentence: /材料|证件|身份证|提交|提供.{0,10}(证明|材料)/ },
  { asks: /在哪(里|儿)?(办|申请|交|报名|领)|去哪|哪里(办|申请|交|报名)|地址|哪个(部门|窗口)|找谁|where (do|can|should) i/i, what: '具体在哪里办理', leads: true, unlessSentence: /掌上办|线上办|窗口|服务中心|办事大厅|地址|网上办理|线上申请|小程序|公众号/ },
  { asks: /多久|多长时间|(要|需要|得|等)几天|几个工作日|时限|什么时候(能)?(到账|批|下来|办好|发)|how long/i, what: '办理要多长时间', leads: true, unlessSentence: /\d+\s*个?工作日|\d+\s*日内|\d+\s*天内/ },
  { asks: /截止|申请期限|到什么时候(为止|截止)?(能|可以)?(申请|办|报名)|deadline/i, what: '截止时间或期限', leads: true, unlessSentence: /截止|前提出申请|月底前|日前(申请|提出)/ },
  { asks: /额度|上限|利率|利息|贷多少|能贷多少|最多(能)?贷/, what: '具体的额度、利率、期限等标准', leads: false, unlessSentence: /不超过|\d+(\.\d+)?万元|利率|贴息比例|贴息标准/ },
  {
    asks: /怎么(申请|办|办理|领|拿|报名|参加|交|缴|加入)|如何(申请|办理|参加|加入|领取)|流程|手续|步骤|how (do|can) i (apply|join|get)/i,
    what: '具体的办理流程和材料',
    leads: false,
    unlessSentence: /(申请|办理)(流程|程序|步骤)|按以下/,
  },
]

const VAGUE = /符合条件的|按规定/

export interface Silence {
  /** The direct line, when the asked detail is what the document does not state. */
  lead?: string
  /** Notes under the quote (vague conditions, unstated procedure), then the referral. */
  notes: string[]
}

/** Whether the question asks this detail and the quoted sentences do not state it. */
function isUnstated(detail: Detail, question: string, quotes: string[]): boolean {
  return detail.asks.test(question) && !(detail.unlessSentence && quotes.some((q) => detail.unlessSentence!.test(q)))
}

/** The asked detail the document does not state (the first that applies), judged against what is quoted. */
export function unstatedDetail(question: string, quotes: string[]): Detail | undefined {
  return DETAILS.find((d) => isUnstated(d, question, quotes))
}

export function silenceFor(question: string, quotes: string[], texts: AnswerTexts): Silence {
  const { unstated, notes } = silence(question, quotes, texts)
  return { lead: unstated ? `${unstated}它写的是：` : undefined, notes }
}

/** The notes alone (the model-worded answer's footer uses them too): what is not stated comes first there. */
export function silenceNotes(question: string, quotes: string[], texts: AnswerTexts): string[] {
  const { unstated, notes } = silence(question, quotes, texts)
  return unstated ? [`${unstated}${texts.referral}`] : notes
}

/** 文件没有写X，也没有写Y。 for every leading detail asked and not stated (怎么交，多少钱一个月，去哪里办), and the notes. */
function silence(question: string, quotes: string[], texts: AnswerTexts): { unstated?: string; notes: string[] } {
  const details = DETAILS.filter((d) => isUnstated(d, question, quotes))
  const leading = details.filter((d) => d.leads)
  const gaps: string[] = []
  if (quotes.some((q) => VAGUE.test(q))) gaps.push('只写了“符合条件的”“按规定”，没有列出具体条件')
  for (const d of details) if (!d.leads) gaps.push(`没有写${d.what}`)
  const unstated = leading.length ? `文件没有写${leading.map((d) => d.what).join('，也没有写')}。` : undefined
  const notes = gaps.length ? [`文件${gaps.join('，也')}。${texts.referral}`] : unstated ? [texts.referral] : []
  return { unstated, notes }
}
