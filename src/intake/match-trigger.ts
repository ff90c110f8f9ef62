// Which form a message asks to start, from the forms' own trigger phrases and keywords (no per-form code).
// Questions about a programme (骑手能交工伤保险吗) are not triggers: the answerer takes those.
import type { Form } from './form-schema.js'
import { compact, looksLikeQuestion } from './parsers/text.js'

export interface TriggerMatch {
  form: Form
  /** 'phrase': a trigger phrase; 'keyword': an apply verb with one of the form's keywords. */
  via: 'phrase' | 'keyword'
}

const COURTESY = /^(?:你好|您好|hi|hello|在吗)?[\s,，!！]*(?:请问|麻烦问一下|麻烦|请)?/
const THANKS = /[\s,，]*(?:谢谢|多谢|谢啦)?$/
const APPLY_VERB = /申请|办理|办一下|办个|要办|想办|帮我办|参加|参保|加入|报名|登记|入会|求助|投诉|举报|领取/

function bare(text: string): string {
  return compact(text).replace(/\s+/g, '').replace(COURTESY, '').replace(THANKS, '').replace(/[。.!！~～]+$/, '')
}

// Trigger phrases are fixed per form: bared once, not on every message.
const baredTriggers = new WeakMap<Form, string[]>()
function bareTriggers(form: Form): string[] {
  let bared = baredTriggers.get(form)
  if (!bared) baredTriggers.set(form, (bared = form.triggers.map(bare)))
  return bared
}

export function matchFormTrigger(forms: Form[], text: string): TriggerMatch | null {
  const t = bare(text)
  if (!t) return null
  // The message is exactly a trigger phrase (怎么入会 counts, though it reads like a question).
  for (const form of forms) if (bareTriggers(form).includes(t)) return { form, via: 'phrase' }
  if (looksLikeQuestion(text)) return null
  const byPhrase = forms
    .flatMap((form) => form.triggers.filter((p, i) => t.includes(bareTriggers(form)[i])).map((p) => ({ form, length: p.length })))
    .sort((a, b) => b.length - a.length)[0]
  if (byPhrase) return { form: byPhrase.form, via: 'phrase' }
  if (!APPLY_VERB.test(t)) return null
  const byKeyword = forms
    .filter((form) => !form.notWhen.some((w) => t.includes(w)))
    .flatMap((form) => form.keywords.filter((k) => t.includes(k)).map((k) => ({ form, length: k.length })))
    .sort((a, b) => b.length - a.length)[0]
  return byKeyword ? { form: byKeyword.form, via: 'keyword' } : null
}
