// Guided applications, generic over forms as data (knowledge/forms/*.yaml): consent first, fields in order,
// several fields in one message, corrections at any point, cancel, digressions, summary and 确认.
// No per-form code lives here.
import { evaluateRemembered, type EligibilityResult, type Profile, type Programme } from '../eligibility/index.js'
import { newApplicationId } from '../handoff/application-id.js'
import {
  detectCorrection, displayValue, extractFieldResults, fieldById, invalidValues, isCancel, isConfirm, nextField, parseConsent,
  parseField, parseYesNo, summary, type Form, type FormField,
} from '../intake/index.js'
import { compact as compactText, normalize } from '../intake/parsers/text.js'
import {
  formSwitch, implicitChanges, isDigression, isPrivacyQuestion, LENIENT_KINDS, readsAsQuestion, WHY_INELIGIBLE,
} from './form-signals.js'
import * as msg from './messages.js'
import { CONFIRM_STEP, PROCEED_STEP, type FormState } from './session.js'
import { say, type EngineDeps, type Turn } from './turn.js'

const MAX_MISSES = 3
/** Who someone is: what the note on data given before consent is about (我是外卖骑手 is not). */
const PERSONAL_PARSERS = ['name', 'phone', 'idNumber']
const CHANGE_OF_MIND = /算了|还是|改办|改成|换成|不办这个|不要这个|不办了/
const CONSENT_THEN_MORE = /^(.{1,8}?)[\s,，。.!！、;；]+(.+)$/s
/** 先不了, 暂时不用, 再考虑一下, 以后再说: not now, at the consent step. */
const DECLINE = /^(?:那|我)?(?:先|暂时|还是|就)?(?:不了|不用|不要|不办|不想|不填|不弄|算了|下次|以后再说|再说吧|再考虑|考虑一下|我再想想|想想再说)/

/** Drops the form in progress and what it put into the profile: a cancelled form's data is really gone. */
export function discardForm(deps: EngineDeps, turn: Turn): void {
  const state = turn.session.form
  if (!state) return
  const form = deps.forms.find((f) => f.id === state.formId)
  const profile = turn.session.profile as Record<string, unknown>
  for (const field of form?.fields ?? []) {
    if (field.profileField && state.values[field.id] !== undefined) delete profile[field.profileField]
  }
  for (const field of state.implied ?? []) delete profile[field]
  turn.session.form = undefined
}

export function formOf(deps: EngineDeps, state: FormState): Form {
  const form = deps.forms.find((f) => f.id === state.formId)
  if (!form) throw new Error(`session refers to unknown form ${state.formId}`)
  return form
}

/** Each programme as a one-item list, made once: evaluateRemembered() keys its memory on the list. */
const singleProgrammes = new WeakMap<Programme[], Map<string, Programme[]>>()

function programmeResult(deps: EngineDeps, form: Form, profile: Profile, today: string): EligibilityResult | undefined {
  const all = deps.eligibility.programmes
  let lists = singleProgrammes.get(all)
  if (!lists) singleProgrammes.set(all, (lists = new Map()))
  let programmes = lists.get(form.programId)
  if (!programmes) lists.set(form.programId, (programmes = all.filter((p) => p.id === form.programId)))
  return evaluateRemembered(programmes, profile, { sections: deps.eligibility.sections, asOf: today })[0]
}

/** A pre-check that stops before any personal data: ineligible (the document excludes it) or not covered (silent). */
const STOPS = new Set(['ineligible', 'not_covered'])

function ineligibleText(form: Form, result: EligibilityResult): string {
  return [
    result.status === 'not_covered'
      ? `文件没有说到您这种情况能不能办“${result.name}”：`
      : `按文件规定，您目前可能不符合“${result.name}”的条件：`,
    ...result.reasons.map((r) => `· ${r}`),
    '仍要继续提交申请，由经办人员审核吗？回复“继续”或“取消”。',
  ].join('\n')
}

function questionFor(form: Form, field: FormField): string {
  if (field.parser === 'consent') return `${form.privacyNotice.text}\n\n${field.question}`
  return field.question
}

/** Asks for whatever comes next: a proceed question, the next empty field, or the summary. */
function askNext(deps: EngineDeps, turn: Turn, state: FormState, form: Form): void {
  const field = nextField(form, state.values)
  state.misses = 0
  if (!field) {
    state.awaiting = CONFIRM_STEP
    say(turn, summary(form, state.values, state.meta))
    return
  }
  state.awaiting = field.id
  say(turn, questionFor(form, field))
}

function remind(deps: EngineDeps, turn: Turn, state: FormState, form: Form): string {
  if (state.awaiting === CONFIRM_STEP) return `我们继续办理${form.title}：请核对上面的信息，回复“确认”提交，或“取消”放弃。`
  if (state.awaiting === PROCEED_STEP) return `我们继续办理${form.title}：仍要继续申请吗？回复“继续”或“取消”。`
  const field = fieldById(form, state.awaiting)
  return msg.resumeReminder(form, field ? field.question : '')
}

export async function startForm(deps: EngineDeps, turn: Turn, form: Form): Promise<void> {
  if (turn.message.inGroup || turn.message.forwarded) {
    say(turn, turn.message.forwarded ? msg.forwardedApplyInvite(form) : msg.groupApplyInvite(form))
    return
  }
  const now = turn.now.toISOString()
  const state: FormState = {
    formId: form.id,
    applicationId: newApplicationId(),
    values: {},
    meta: {},
    awaiting: form.fields[0].id,
    misses: 0,
    startedAt: now,
    updatedAt: now,
  }
  turn.session.form = state
  turn.session.guided = undefined
  // What applying itself says about the worker (a wage-arrears claim means wages are owed), unless they said otherwise.
  const profile = turn.session.profile as Record<string, unknown>
  for (const [field, value] of Object.entries(form.implies ?? {})) {
    if (profile[field] !== undefined) continue
    profile[field] = value
    ;(state.implied ??= []).push(field)
  }
  deps.events?.formStarted?.(form.id)
  say(turn, msg.formStarted(form))
  prefill(turn, state, form)
  // "我想申请…，我叫李四，手机138…": nothing personal is kept before consent, and the worker is told so, rather
  // than being asked again for what they just gave without a word.
  const offered = Object.keys(extractFieldResults(form, turn.message.text, { skip: ['consent'] }))
  if (offered.some((id) => PERSONAL_PARSERS.includes(fieldById(form, id)?.parser ?? ''))) say(turn, msg.NOT_KEPT_BEFORE_CONSENT)
  // The programme is checked before any personal data is collected.
  const result = programmeResult(deps, form, turn.session.profile, turn.today)
  if (result && STOPS.has(result.status)) {
    state.awaiting = PROCEED_STEP
    say(turn, ineligibleText(form, result))
    return
  }
  askNext(deps, turn, state, form)
}

/**
 * Facts already given are used: the worker's profile (an earlier check or form) and what the opening message
 * says (我是跑滴滴的，想申请工伤保险) fill the fields that are not personal (行业, 平台, 户籍…); name, phone and ID
 * are asked for after consent, as always. Says what was taken, so a wrong one can be corrected.
 */
function prefill(turn: Turn, state: FormState, form: Form): void {
  const profile = turn.session.profile as Record<string, unknown>
  const given = extractFieldResults(form, turn.message.text, { today: turn.today, skip: ['consent'] })
  const taken: string[] = []
  for (const field of form.fields) {
    if (field.parser === 'consent' || PERSONAL_PARSERS.includes(field.parser) || field.sensitive) continue
    const said = given[field.id]
    const known = field.profileField ? profile[field.profileField] : undefined
    if (said) {
      state.values[field.id] = said.value
      state.meta[field.id] = said.meta
    } else if (known !== undefined) {
      state.values[field.id] = known
    } else continue
    if (field.profileField) profile[field.profileField] = state.values[field.id]
    Object.assign(profile, field.options?.find((o) => o.value === state.values[field.id])?.implies ?? {})
    taken.push(`${field.label}：${displayValue(field, state.values[field.id], state.meta[field.id])}`)
  }
  if (taken.length) say(turn, `已按您说过的情况记下${taken.join('，')}（不对的话，填写时回复“修改”加内容）。`)
}

/** Applies parsed values; re-checks eligibility when a value feeds the profile. Returns false to stop and ask. */
function applyValues(deps: EngineDeps, turn: Turn, state: FormState, form: Form, values: Record<string, { value: unknown; meta?: unknown }>): boolean {
  let profileChanged = false
  for (const [fieldId, v] of Object.entries(values)) {
    const field = fieldById(form, fieldId)
    if (!field || field.parser === 'consent') continue
    state.values[fieldId] = v.value
    state.meta[fieldId] = v.meta as FormState['meta'][string]
    if (field.profileField) {
      ;(turn.session.profile as Record<string, unknown>)[field.profileField] = v.value
      profileChanged = true
    }
    // A choice may state facts (实习生 for the work kind): they feed the eligibility re-check too.
    const implied = field.options?.find((o) => o.value === v.value)?.implies
    if (implied) {
      Object.assign(turn.session.profile, implied)
      profileChanged = true
    }
  }
  if (profileChanged && !state.proceedDespiteIneligible) {
    const result = programmeResult(deps, form, turn.session.profile, turn.today)
    if (result && STOPS.has(result.status)) {
      state.awaiting = PROCEED_STEP
      say(turn, ineligibleText(form, result))
      return false
    }
  }
  return true
}

function recordConsent(turn: Turn, state: FormState, form: Form): void {
  state.consent = { at: turn.now.toISOString(), noticeVersion: form.privacyNotice.version }
  state.values.consent = true
}

/** Says what changed, re-checks whatever depends on it, then goes on from the first empty field (or the summary). */
function applyCorrections(
  deps: EngineDeps, turn: Turn, state: FormState, form: Form, changes: Record<string, { value: unknown; meta?: unknown }>,
): void {
  for (const [id, v] of Object.entries(changes)) {
    const field = fieldById(form, id)!
    say(turn, `已把${field.label}改为：${displayValue(field, v.value, v.meta as FormState['meta'][string])}`)
  }
  if (applyValues(deps, turn, state, form, changes)) askNext(deps, turn, state, form)
}

/** An answer to a question asked mid-form this sure needs no help from the form's name. */
const SURE_ALONE = 0.5
// What only makes sense about some programme (能贷多少, 需要什么条件), unlike 你是机器人吗 or 几点下班.
const ABOUT_A_PROGRAMME = /多少|条件|资格|材料|流程|手续|额度|利息|贴息|期限|年限|补贴|要求|好处|待遇|交钱|花钱|收费|费用|多久|多长时间|在哪|哪里办|怎么(?:申请|办|交|领|报)|能不能(?:申请|办|领|贷)/

function switchForm(deps: EngineDeps, turn: Turn, form: Form, other: Form): Promise<void> {
  discardForm(deps, turn)
  say(turn, msg.switched(form))
  return startForm(deps, turn, other)
}

async function answerDigression(deps: EngineDeps, turn: Turn, state: FormState, form: Form, thenRemind = true): Promise<boolean> {
  const text = turn.message.text
  // Only what reads as a question: a wrong answer ("送外卖的" for a name) is re-asked, not answered.
  if (!readsAsQuestion(text)) return false
  const context = { channel: turn.message.channel }
  let answer = await deps.answerer.ask(text, context)
  // "需要什么条件", "能贷多少" in the middle of a form are about its programme: when the question alone finds
  // nothing sure, it is asked again with the form's name, and the surer answer is given.
  if ((answer.outOfScope || answer.confidence < SURE_ALONE) && ABOUT_A_PROGRAMME.test(text)) {
    const about = await deps.answerer.ask(`${form.title}：${text}`, context)
    if (!about.outOfScope && about.confidence > answer.confidence) answer = about
  }
  say(turn, answer.answer)
  if (thenRemind) say(turn, remind(deps, turn, state, form))
  return true
}

async function submit(deps: EngineDeps, turn: Turn, state: FormState, form: Form): Promise<void> {
  const fields: Record<string, unknown> = { ...state.values, consent: true }
  // What a value alone would lose for the caseworker: the words behind a category (industry 'other' is 家政保洁),
  // and that a date was given to the month only (2023年3月 is stored as 2023-03-01).
  for (const [id, meta] of Object.entries(state.meta)) {
    if (meta?.raw && meta.raw !== state.values[id]) fields[`${id}Detail`] = meta.raw
    if (meta?.precision === 'month') fields[`${id}Precision`] = 'month'
    // 美团众包 is kept as said; the platform it belongs to goes beside it.
    if (meta?.normalized && meta.normalized !== state.values[id]) fields[`${id}Normalized`] = meta.normalized
  }
  if (state.consent) {
    fields.consentAt = state.consent.at
    fields.consentNoticeVersion = state.consent.noticeVersion
  }
  // The same results /api/eligibility gives for what the worker told us (CONTRACT.md webhook body).
  const results = evaluateRemembered(deps.eligibility.programmes, turn.session.profile, { sections: deps.eligibility.sections, asOf: turn.today })
  const { created } = await deps.applications.submit({
    id: state.applicationId,
    form: form.id,
    // The webhook knows wechat, api and console: the terminal is a staff tool, like the console.
    channel: turn.message.channel === 'terminal' ? 'console' : turn.message.channel,
    userId: turn.message.userId,
    fields,
    eligibility: results,
    policyVersion: deps.policyVersion(),
    submittedAt: turn.now.toISOString(),
  })
  deps.onSubmitted?.(state.applicationId)
  if (created) deps.events?.formCompleted?.(form.id)
  deps.logger?.info({ applicationId: state.applicationId, form: form.id, created }, 'application stored')
  turn.session.submitted.push({ applicationId: state.applicationId, formId: form.id, at: turn.now.toISOString() })
  turn.session.form = undefined
  turn.applicationId = state.applicationId
  say(turn, deps.handoffConfigured === false ? msg.submittedNotSent(form, state.applicationId, deps.referral) : msg.submitted(form, state.applicationId))
}

function reask(deps: EngineDeps, turn: Turn, state: FormState, field: FormField, hint: string): void {
  state.misses += 1
  if (state.misses >= MAX_MISSES) {
    say(turn, msg.tooManyMisses(hint, deps.referral))
    state.misses = 0
    return
  }
  say(turn, hint)
}

export async function continueForm(deps: EngineDeps, turn: Turn, state: FormState): Promise<void> {
  const form = formOf(deps, state)
  const text = turn.message.text
  state.updatedAt = turn.now.toISOString()

  if (isCancel(text)) {
    discardForm(deps, turn)
    say(turn, msg.cancelled(form))
    return
  }

  if (isPrivacyQuestion(form, state, text)) {
    say(turn, `${form.privacyNotice.text}\n身份证号和手机号在显示和日志中都会打码。`, remind(deps, turn, state, form))
    return
  }

  // Asked before: does the user drop this form for the other one?
  const pending = state.switchTo ? deps.forms.find((f) => f.id === state.switchTo) : undefined
  state.switchTo = undefined
  if (pending) {
    const answer = parseYesNo(text)
    if (answer.ok && answer.value) return switchForm(deps, turn, form, pending)
    if (answer.ok) return say(turn, remind(deps, turn, state, form))
  }

  const other = formSwitch(deps.forms, form, state, text)
  // This form's own trigger: alone it asks where we were; with answers beside it (刘洋，电话133…，要申请场租补贴)
  // it is read as those answers.
  if (other?.id === form.id && form.triggers.some((p) => compactText(p) === compactText(text))) {
    say(turn, remind(deps, turn, state, form))
    return
  }
  if (other && other.id !== form.id) {
    // Nothing filled in yet, or a plain change of mind (算了，还是申请…): switched at once. Otherwise the answers
    // given are not dropped without a yes.
    const filled = form.fields.filter((f) => f.parser !== 'consent' && state.values[f.id] !== undefined).length
    if (filled === 0 || CHANGE_OF_MIND.test(text)) return switchForm(deps, turn, form, other)
    state.switchTo = other.id
    return say(turn, msg.confirmSwitch(form, other, filled))
  }

  if (state.awaiting === PROCEED_STEP) {
    const answer = parseYesNo(text)
    if (/^(继续|继续申请|还是申请|要申请)$/.test(text.trim()) || (answer.ok && answer.value === true)) {
      state.proceedDespiteIneligible = true
      askNext(deps, turn, state, form)
      return
    }
    if (answer.ok && answer.value === false) {
      discardForm(deps, turn)
      say(turn, msg.cancelled(form))
      return
    }
    // "为什么不符合？" is about the check just shown: explain it again rather than search the document.
    const result = WHY_INELIGIBLE.test(text) ? programmeResult(deps, form, turn.session.profile, turn.today) : undefined
    if (result && STOPS.has(result.status)) {
      say(turn, ineligibleText(form, result))
      return
    }
    if (await answerDigression(deps, turn, state, form)) return
    say(turn, '仍要继续申请吗？回复“继续”或“取消”。')
    return
  }

  if (state.awaiting === 'consent') {
    const consent = parseConsent(text)
    if (consent.ok) {
      recordConsent(turn, state, form)
      askNext(deps, turn, state, form)
      return
    }
    // 同意，我叫张三，手机138…: the consent, then the rest read as answers.
    const lead = CONSENT_THEN_MORE.exec(normalize(text))
    if (lead && parseConsent(lead[1]).ok) {
      recordConsent(turn, state, form)
      say(turn, '好的，已记录您的同意。')
      state.awaiting = nextField(form, state.values)?.id ?? CONFIRM_STEP
      turn.message = { ...turn.message, text: lead[2] }
      return continueForm(deps, turn, state)
    }
    const refusal = parseYesNo(text)
    if ((refusal.ok && refusal.value === false) || DECLINE.test(normalize(text))) {
      discardForm(deps, turn)
      say(turn, msg.consentRefused(form))
      return
    }
    // A question before consenting is an answer that the worker is not applying yet: it is answered, and the
    // form (with nothing collected) is left, to be started again with 申请.
    if (readsAsQuestion(text)) {
      await answerDigression(deps, turn, state, form, false)
      discardForm(deps, turn)
      turn.session.offered = { formId: form.id, at: turn.now.toISOString() }
      say(turn, msg.leftBeforeConsent(form))
      return
    }
    const field = fieldById(form, 'consent')!
    reask(deps, turn, state, field, consent.hint)
    return
  }

  // A correction at any point: 电话改成139…, 名字写错了，是王五, 改一下身份证.
  const correction = detectCorrection(form, text)
  if (correction) {
    const field = fieldById(form, correction.fieldId)!
    if (correction.rawValue === null) {
      state.awaiting = field.id
      state.misses = 0
      say(turn, `好的，请重新提供${field.label}：${field.question}`)
      return
    }
    const parsed = parseField(field, correction.rawValue, turn.today)
    if (!parsed.ok) {
      // A bad new value never erases a good old one: at the summary, keep it, say so, and stay there.
      const kept = state.values[field.id]
      if (kept !== undefined && state.awaiting === CONFIRM_STEP) {
        say(turn, parsed.hint, `（${field.label}没有改，仍是：${displayValue(field, kept, state.meta[field.id])}）`)
        return
      }
      state.awaiting = field.id
      say(turn, parsed.hint)
      return
    }
    applyCorrections(deps, turn, state, form, { [field.id]: parsed })
    return
  }

  if (state.awaiting === CONFIRM_STEP) {
    if (isConfirm(text)) return submit(deps, turn, state, form)
    const changes = implicitChanges(form, state, text, turn.today)
    if (Object.keys(changes).length) return applyCorrections(deps, turn, state, form, changes)
    if (await answerDigression(deps, turn, state, form)) return
    say(turn, '请回复“确认”提交，回复“修改+内容”更正（例如回复“电话改成”加新号码），或回复“取消”放弃。')
    return
  }

  if (isDigression(form, state, text, turn.today) && (await answerDigression(deps, turn, state, form))) return

  // 确认 / 好的 before the form is complete is not a platform or an employer: say what is still missing.
  const asked = fieldById(form, state.awaiting)
  if (asked && isConfirm(text) && (LENIENT_KINDS.includes(asked.parser) || !parseField(asked, text, turn.today).ok)) {
    say(turn, `还有几项没填完。${asked.question}`)
    return
  }

  // Several fields at once, or the answer to the one asked.
  // Fields already answered are skipped: changing them goes through a correction (电话改成…).
  const filled = Object.keys(state.values).filter((id) => id !== state.awaiting)
  const found = extractFieldResults(form, text, { today: turn.today, awaiting: state.awaiting, skip: ['consent', ...filled] })
  // A value that fails its check is named, never dropped in silence; the valid ones beside it are still kept.
  const invalid = invalidValues(form, text, found, { today: turn.today, skip: ['consent', ...filled] })
  const awaitedField = fieldById(form, state.awaiting)
  if (Object.keys(found).length === 0 && invalid.length && awaitedField) {
    return reask(deps, turn, state, awaitedField, invalid.map((p) => p.hint).join('\n'))
  }
  if (invalid.length) say(turn, invalid.map((p) => p.hint).join('\n'))
  if (Object.keys(found).length > 0) {
    // Values given beside (or instead of) the one asked for are acknowledged, so nothing is taken silently.
    const extra = Object.entries(found).filter(([id]) => id !== state.awaiting).map(([id, v]) => {
      const field = fieldById(form, id)!
      return `${field.label}：${displayValue(field, v.value, v.meta)}`
    })
    if (extra.length) say(turn, `已记下${extra.join('，')}。`)
    if (!applyValues(deps, turn, state, form, found)) return
    askNext(deps, turn, state, form)
    return
  }

  const changes = implicitChanges(form, state, text, turn.today)
  if (Object.keys(changes).length) return applyCorrections(deps, turn, state, form, changes)
  if (await answerDigression(deps, turn, state, form)) return
  const field = fieldById(form, state.awaiting)
  if (!field) {
    askNext(deps, turn, state, form)
    return
  }
  if (await acceptAssisted(deps, turn, state, form, field)) return
  const parsed = parseField(field, text, turn.today)
  reask(deps, turn, state, field, parsed.ok ? field.question : parsed.hint)
}

/**
 * LLM mode: the model may propose a value for the awaited field from free text the parsers could not read
 * ("我天天骑电动车给人送饭"); the field's own parser must accept the proposal. Never for ID or phone numbers.
 */
async function acceptAssisted(deps: EngineDeps, turn: Turn, state: FormState, form: Form, field: FormField): Promise<boolean> {
  if (!deps.formAssist || field.sensitive || field.parser === 'consent') return false
  const proposals = await deps.formAssist([{ id: field.id, label: field.label }], turn.message.text)
  const proposed = proposals[field.id]
  if (!proposed) return false
  const parsed = parseField(field, proposed, turn.today)
  if (!parsed.ok) return false
  say(turn, `我理解为${field.label}：${displayValue(field, parsed.value, parsed.meta)}（不对的话回复“修改${field.label}”）`)
  if (applyValues(deps, turn, state, form, { [field.id]: parsed })) askNext(deps, turn, state, form)
  return true
}

export function formReminder(deps: EngineDeps, turn: Turn, state: FormState): string {
  return remind(deps, turn, state, formOf(deps, state))
}
