// How a message inside a form reads: a question to answer, a change of mind, an answer in free words.
// Generic over forms (knowledge/forms/*.yaml): no per-form code.
import { todayInChina } from '../china-today.js'
import {
  compactText, extractFieldResults, FIELD_KINDS, fieldById, matchFormTrigger, parseContext, type ExtractedField, type Form,
  type FormField,
} from '../intake/index.js'
import { looksLikeQuestion, normalize } from '../intake/parsers/text.js'
import type { Answer } from '../answer/types.js'
import type { FormState } from './session.js'
import type { EngineDeps, Turn } from './turn.js'

// "我想问一下加入工会的事", "咨询下社保补贴": asking about something, though without a question mark.
const ASKING_ABOUT = /问一下|问问|想问|请问|咨询|了解一下|想了解|打听/

/** A message that asks something: a question (吗, 什么, ？) or an "I'd like to ask about…". */
export function readsAsQuestion(text: string): boolean {
  return looksLikeQuestion(text) || ASKING_ABOUT.test(text)
}

// Answers in free words: "干了多少天记不清了" is a description, not a question, unless it ends like one.
const FREE_TEXT_KINDS = ['description', 'employer']
// Kinds that accept almost any words, so a bare 确认 would be taken as the answer.
export const LENIENT_KINDS = [...FREE_TEXT_KINDS, 'platform', 'industry']
// "你们要我身份证干嘛", "信息安全吗": about the form's own data collection, answered from its privacy notice.
const PRIVACY_QUESTION = /(?:为什么|为啥|干嘛|干什么|做什么|用来|用途|安全|泄露|泄漏|外泄|隐私|保密|给谁|谁能看|给平台|给别人|给老板|给公司|卖给|转给|共享)/
const PERSONAL_DATA = /身份证|手机|电话|名字|姓名|信息|资料|号码/
export const WHY_INELIGIBLE = /为什么|为啥|怎么不|哪里不|哪条|原因|什么条件|不符合/
const ENDS_AS_QUESTION = /(?:[?？]|[吗呢么][。.!！]?)\s*$/

/** The message ends with a known value of the awaited kind: 饿了么 is a platform, not a question ending in 么. */
export function endsWithAwaitedValue(field: FormField, text: string, today: string): boolean {
  const t = compactText(text)
  const hit = FIELD_KINDS[field.parser].find?.(t, parseContext(field, today))
  return !!hit && hit.end >= t.length
}

/** Free words answering a free-text field ("老板电话不接，不知道为什么"), unless they end like a question. */
export function isFreeTextAnswer(form: Form, state: FormState, text: string): boolean {
  const awaited = fieldById(form, state.awaiting)
  return !!awaited && FREE_TEXT_KINDS.includes(awaited.parser) && !ENDS_AS_QUESTION.test(normalize(text))
}

/** "你们要我身份证干嘛": a question about the form's own data collection. */
export function isPrivacyQuestion(form: Form, state: FormState, text: string): boolean {
  return PRIVACY_QUESTION.test(text) && PERSONAL_DATA.test(text) && !isFreeTextAnswer(form, state, text)
}

/** A question asked mid-form (送外卖能交工伤保险吗？) is answered, never read as the answer to a field. */
export function isDigression(form: Form, state: FormState, text: string, today: string): boolean {
  if (!readsAsQuestion(text)) return false
  const awaited = fieldById(form, state.awaiting)
  if (!awaited) return true
  return !endsWithAwaitedValue(awaited, text, today) && !isFreeTextAnswer(form, state, text)
}


/** A change of mind (算了，还是申请社保补贴吧): the form the message asks to start instead, or null. */
export function formSwitch(forms: Form[], form: Form, state: FormState, text: string): Form | null {
  // "怎么入会？" mid-form is a question to answer, not a reason to drop what was filled in.
  if (readsAsQuestion(text)) return null
  const match = matchFormTrigger(forms, text)
  if (!match) return null
  const awaited = fieldById(form, state.awaiting)
  // In free text, "我本来想申请工伤保险，结果…" is a story, not a request: only a bare trigger phrase counts there.
  const bare = compactText(text)
  if (awaited && FREE_TEXT_KINDS.includes(awaited.parser) && !match.form.triggers.some((p) => compactText(p) === bare)) return null
  return match.form
}

// "不是20万，是30万": only what follows the 是 is the new value.
const NOT_X_BUT_Y = /不是[^，,；;]*[，,；;]\s*(?:而是|应该是|是)(.+)$/

/**
 * A correction without a correction verb (刚才的手机号不对 13900139002, 手机号码是错的，应该是139…, 不是20万，是30万):
 * the fields that already have a value and that the message gives a different, valid value for. Questions never count.
 */
export function implicitChanges(form: Form, state: FormState, text: string, today: string): Record<string, ExtractedField> {
  if (readsAsQuestion(text)) return {}
  const newPart = NOT_X_BUT_Y.exec(normalize(text))?.[1] ?? text
  const found = extractFieldResults(form, newPart, { today, skip: ['consent'] })
  const changes: Record<string, ExtractedField> = {}
  for (const [id, v] of Object.entries(found)) {
    const old = state.values[id]
    if (old !== undefined && JSON.stringify(old) !== JSON.stringify(v.value)) changes[id] = v
  }
  return changes
}

// 批了没, 到哪一步了, 我那个申请怎么样了: about the worker's own applications. A status word alone counts in a short
// message; in a longer one it needs the worker's own (我的, 我申请的…), so 工伤保险申请批下来要多久 stays a question.
const STATUS_WORD = /批了没|批了吗|批没批|批下来没|批下来了吗|到哪一步|到哪步|到哪了|进度|审核结果|审批结果|审核通过|有结果了|有结果没|有消息了|有消息没|有回音|办好了没|办好了吗|办下来了|怎么样了|通过了没|通过没|通过了吗|处理了没|处理了吗|受理了没|受理了吗/
const OWN_APPLICATION = /我[^，,。？?]{0,8}的申请|我的[^，,。？?]{0,8}申请|我那个|我这个申请|我(?:之前|上次|刚才|刚|前几天|前两天)?(?:申请|提交|办|报|交)的|我(?:之前|上次|刚才|刚)申请|(?:之前|上次|刚才|前几天|前两天|昨天)(?:提交|申请|办|报)的/
export function isStatusQuestion(text: string): boolean {
  const t = normalize(text).replace(/\s+/g, '')
  if (/^(?:我那个申请|我的那个申请|我提交的那个|申请到哪了)[呢吗?？]*$/.test(t)) return true
  return STATUS_WORD.test(t) && (t.length <= 10 || OWN_APPLICATION.test(t))
}

// 申请 / 好的，我要申请 / 开始吧, answering an offer: which form is the conversation's (offeredForm).
const BARE_APPLY = /^(?:好的?|嗯+|可以|行|那|ok)?[，,\s]*(?:我)?(?:就)?(?:要|想|想要)?(?:帮我)?(?:申请|办理|办|报名|登记|开始|开始申请|开始登记|开始办理)(?:一下)?(?:吧|啦|了)?$/i
// 要 / 要的 / 办吧 right after an offer is a yes to it (好的 alone stays a nod).
const BARE_YES = /^(?:要|要的|要啊|要呀|我要|想要|需要|办吧|办一下吧|那就办吧|申请吧)$/
export function isBareApply(text: string): boolean {
  const t = normalize(text).replace(/[。.!！~～]+$/, '')
  return BARE_APPLY.test(t) || BARE_YES.test(t)
}

/** An offer is answered within this long; after that 申请 alone asks which form. */
const OFFER_FOR_MS = 60 * 60_000

/**
 * The form an answer about its programme offers (回复“申请”): its keyword asked about, its section cited, and
 * not ruled out by its own words (送外卖的工伤保险 is not the 工地 enquiry).
 */
export function relatedForm(deps: EngineDeps, text: string, answer: Answer): Form | undefined {
  if (answer.outOfScope) return undefined
  const cited = new Set(answer.citations.map((c) => `${c.document}#${c.sectionId}`))
  const citedDocuments = new Set(answer.citations.map((c) => c.document))
  const today = todayInChina()
  // A programme's section is cited when quoted itself, or when the notice that replaced it today is quoted.
  const citedSource = (section: string) => {
    const info = deps.eligibility.sections(section, today)
    return Boolean(info && (cited.has(`${info.document}#${section}`) || (info.supersededBy && citedDocuments.has(info.supersededBy.document))))
  }
  return deps.forms.find((f) =>
    f.keywords.some((k) => text.includes(k)) &&
    allowedFor(f, text) &&
    deps.eligibility.programmes.some((p) => (p.id === f.programId || f.alsoFor.includes(p.id as never)) && p.sources.some((src) => citedSource(src.section))),
  )
}

/** Whether a form's own words allow it for this text (送外卖的工伤保险 is not the 工地 enquiry). */
function allowedFor(form: Form, text: string): boolean {
  return !form.notWhen.some((w) => text.includes(w)) && (!form.onlyWhen.length || form.onlyWhen.some((w) => text.includes(w)))
}

/**
 * The form a bare 申请 means: the one left at the consent step (within the hour), else the one the last answer
 * offered, read from the conversation's topic (its question, kept beside the session: a question writes no session).
 */
export function offeredForm(deps: EngineDeps, turn: Turn): Form | undefined {
  const s = turn.session
  if (s.offered && turn.now.getTime() - Date.parse(s.offered.at) <= OFFER_FOR_MS) {
    const form = deps.forms.find((f) => f.id === s.offered?.formId)
    if (form) return form
  }
  const topic = turn.topic
  const question = topic?.question ?? ''
  const asked = deps.forms.find((f) => f.keywords.some((k) => question.includes(k)) && allowedFor(f, question))
  if (asked) return asked
  const words = topic?.what ?? []
  return deps.forms.find((f) => f.keywords.some((k) => words.some((w) => w.includes(k) || k.includes(w))) && allowedFor(f, question))
}
