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
const APPLY_VERB = /申请|办理|办一下|办个|要办|想办|帮我办|参加|参保|加入|报名|登记|入会|求助|投诉|举报|领取|(?:要|想)(?:交|缴|买)/
// Asking about a programme, not applying: 加入工会有啥好处, 工伤保险是干嘛的, 申请社保补贴要什么条件.
const ASKS_ABOUT = /好处|条件|要求|资格|干嘛|干什么|是什么|是不是|能否|可以吗|行不行|需要什么|要什么|多久|多长时间|在哪|流程|材料|区别|有用吗|划算|值不值|靠谱/
// The worker's own request, which starts the form even beside a question (我想加入工会，有什么要求): 我要/我想/帮我 + applying.
const WANTS = /(?:我|俺)(?:现在|就|也)?(?:要|想|想要|打算|准备)(?:马上|现在)?(?:申请|办理|办|参加|参保|加入|入会|报名|登记|领|求助|交|缴)|帮(?:我|忙)(?:申请|办理|办|登记|报名|交)/

function bare(text: string): string {
  return compact(text).replace(/\s+/g, '').replace(COURTESY, '').replace(THANKS, '').replace(/[。.!！~～]+$/, '')
}

// Trigger phrases and keywords are fixed per form: bared (and measured) once, not on every message.
interface Needles {
  bared: string[]
  /** Each bared phrase with its written length (the longer match wins). */
  phrases: (readonly [string, number])[]
  keywords: (readonly [string, number])[]
}
const needlesOf = new WeakMap<Form, Needles>()
function needles(form: Form): Needles {
  let found = needlesOf.get(form)
  if (!found) {
    const bared = form.triggers.map(bare)
    found = { bared, phrases: bared.map((b, i) => [b, form.triggers[i].length] as const), keywords: form.keywords.map((k) => [k, k.length] as const) }
    needlesOf.set(form, found)
  }
  return found
}

/** The longest of `candidates` found in `t`, first on a tie (in form order), or null. */
function longestIn(t: string, forms: Form[], candidates: (form: Form) => readonly (readonly [string, number])[]): Form | null {
  let best: Form | null = null
  let bestLength = 0
  for (const form of forms) {
    for (const [needle, length] of candidates(form)) {
      if (length > bestLength && t.includes(needle)) {
        best = form
        bestLength = length
      }
    }
  }
  return best
}

// The same message is checked more than once in a turn (is it a plain question, does it switch forms).
let last: { forms: Form[]; text: string; match: TriggerMatch | null } | undefined

export function matchFormTrigger(forms: Form[], text: string): TriggerMatch | null {
  if (last?.forms === forms && last.text === text) return last.match
  const match = findTrigger(forms, text)
  last = { forms, text, match }
  return match
}

function findTrigger(forms: Form[], text: string): TriggerMatch | null {
  const t = bare(text)
  if (!t) return null
  // The message is exactly a trigger phrase (怎么入会 counts, though it reads like a question).
  for (const form of forms) if (needles(form).bared.includes(t)) return { form, via: 'phrase' }
  if ((looksLikeQuestion(text) || ASKS_ABOUT.test(t)) && !WANTS.test(t)) return null
  // Words that mean another programme (工地 for the standalone 工伤 enquiry) rule a form out, phrase or keyword.
  const open = forms.filter((form) => !form.notWhen.some((w) => t.includes(w)))
  // A trigger phrase inside the message (the longest wins, by its written length).
  const byPhrase = longestIn(t, open, (form) => needles(form).phrases)
  if (byPhrase) return { form: byPhrase, via: 'phrase' }
  if (!APPLY_VERB.test(t)) return null
  const byKeyword = longestIn(
    t,
    open.filter((form) => !form.onlyWhen.length || form.onlyWhen.some((w) => t.includes(w))),
    (form) => needles(form).keywords,
  )
  return byKeyword ? { form: byKeyword, via: 'keyword' } : null
}
