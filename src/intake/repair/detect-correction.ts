// Corrections at any point: 电话改成139…, 手机号写错了，应该是…, 名字写错了，是王五, 改一下身份证, 我要改电话.
import type { Form, FormField } from '../form-schema.js'
import { FIELD_KINDS } from '../parsers/index.js'
import { aliasAtStart } from '../form-helpers.js'
import { normalize, trimPunctuation } from '../parsers/text.js'

export interface Correction {
  fieldId: string
  /** The new value as typed, not yet validated; null when the user only named the field (then re-ask it). */
  rawValue: string | null
}

const LEAD_IN = /^(?:不好意思|对不起|抱歉|哦|噢|啊|哎|诶|嗯|刚才|刚刚|之前|前面|那个|等一下|等等|不对|错了|我的|我)[\s,，、]*/
const ERROR_LEAD_IN = /^(?:不对|错了)/
const CHANGE_VERB = /^(?:帮我|我要|我想|要|想|请|麻烦)?(?:修改|更改|更正|改一下|改改|改|换一下|换)(?:一下)?[\s:：]*(?:我的|下)?/
const ERROR_WORDS = /^(?:写错了|填错了|输错了|打错了|搞错了|弄错了|写错|填错|输错|打错|错了|不对|有误)/
const CHANGE_TO = /^(?:改成|改为|换成|换为|更正为|更改为|修改为|应该是|应该为|应是|应为|正确的是|正确是)/
const PLAIN_TO = /^(?:是|为|:)/
const ONLY_CHANGE = /^(?:要|想)?(?:改一下|改改|改|换一下|换|修改|更改|更正)(?:一下)?$/
const CLAUSE_END = /[，,；;。！!？?\n]/

function stripLeadIns(text: string): { text: string; sawError: boolean } {
  let t = text
  let sawError = false
  for (let m = LEAD_IN.exec(t); m && m[0]; m = LEAD_IN.exec(t)) {
    if (ERROR_LEAD_IN.test(m[0])) sawError = true
    t = t.slice(m[0].length)
  }
  return { text: t, sawError }
}

/** The value part after a field's name: connectors and error words removed, cut at the clause end. */
function valueAfter(field: FormField, rest: string): string | null {
  let t = rest.replace(/^(?:号码|号)/, '')
  for (let i = 0; i < 4; i++) {
    const before = t
    t = t.replace(/^[\s,，、:：]+/, '').replace(ERROR_WORDS, '').replace(CHANGE_TO, '').replace(PLAIN_TO, '')
    if (t === before) break
  }
  if (field.parser !== 'description') {
    const end = t.search(CLAUSE_END)
    if (end >= 0) t = t.slice(0, end)
  }
  t = trimPunctuation(t)
  return t && !ONLY_CHANGE.test(t) ? t : null
}

/** The one field whose unmistakable shape matches the value (改成13900139000 is the phone), or null. */
function fieldByShape(form: Form, value: string): FormField | null {
  const matches = form.fields.filter((f) => {
    const kind = FIELD_KINDS[f.parser]
    return kind.find !== undefined && kind.find(value) !== null && kind.parse(value).ok
  })
  return matches.length === 1 ? matches[0] : null
}

export function detectCorrection(form: Form, text: string): Correction | null {
  const { text: t, sawError } = stripLeadIns(normalize(text))
  if (!t) return null

  // 改一下身份证 / 我要改电话 / 修改电话13900139000 / 改成13900139000
  const verb = CHANGE_VERB.exec(t)
  if (verb) {
    const rest = t.slice(verb[0].length)
    const alias = aliasAtStart(form, rest)
    if (alias) return { fieldId: alias.field.id, rawValue: valueAfter(alias.field, rest.slice(alias.end)) }
    const value = trimPunctuation(rest.replace(/^(?:成|为)/, '').replace(CHANGE_TO, '').replace(PLAIN_TO, ''))
    const field = value ? fieldByShape(form, value) : null
    return field ? { fieldId: field.id, rawValue: value } : null
  }

  // 电话改成139… / 手机号写错了，应该是… / 名字写错了，是王五 / 不对，电话是139…
  const alias = aliasAtStart(form, t)
  if (!alias) return null
  const rest = t.slice(alias.end).replace(/^(?:号码|号)/, '').replace(/^[\s,，、]+/, '')
  const says =
    ERROR_WORDS.test(rest) || CHANGE_TO.test(rest) || /^(?:要|想)?(?:改|换|修改|更改|更正)/.test(rest) || (sawError && PLAIN_TO.test(rest))
  if (!says) return null
  return { fieldId: alias.field.id, rawValue: valueAfter(alias.field, rest) }
}
