// How a message inside a form reads: a question to answer, a change of mind, an answer in free words.
// Generic over forms (knowledge/forms/*.yaml): no per-form code.
import {
  compactText, extractFieldResults, FIELD_KINDS, fieldById, matchFormTrigger, parseContext, type ExtractedField, type Form,
  type FormField,
} from '../intake/index.js'
import { looksLikeQuestion, normalize } from '../intake/parsers/text.js'
import type { FormState } from './session.js'

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
