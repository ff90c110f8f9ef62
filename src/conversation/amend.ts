// 补正 (issue 24, CONTRACT.md "Case status"): after the office's needs_more, the worker's next messages on the
// channel they applied through collect exactly the fields it listed, with the form's own parsers and validators;
// a summary; 确认 re-submits the application (`application.resubmitted` through the outbox, a new webhook-id);
// 取消 leaves it as it was. Documents cannot be typed in: the worker is told where they go, in the office's words.
import { newApplicationId } from '../handoff/application-id.js'
import { displayValue, extractFieldResults, fieldById, isCancel, isConfirm, parseField, type Form } from '../intake/index.js'
import { readsAsQuestion } from './form-signals.js'
import { CONFIRM_STEP, type AmendState, type Session } from './session.js'
import { say, type CaseSummary, type EngineDeps, type Turn } from './turn.js'

const MAX_MISSES = 3
const doneKey = (applicationId: string, at: string) => `${applicationId}@${at}`

interface Pending {
  applicationId: string
  formId: string
  eventAt: string
  info: CaseSummary
}

/** The newest of the session's applications waiting for a 补正 not yet answered here, if any. */
async function pendingAmend(deps: EngineDeps, session: Session): Promise<Pending | undefined> {
  if (!deps.caseInfo || !session.submitted.length) return undefined
  const infos = await deps.caseInfo(session.submitted.map((s) => s.applicationId))
  for (const ref of [...session.submitted].reverse()) {
    const info = infos.get(ref.applicationId)
    if (info?.caseStatus !== 'needs_more') continue
    const event = info.history.filter((h) => !h.stale && h.status === 'needs_more').at(-1)
    if (!event || session.amendsDone?.includes(doneKey(ref.applicationId, event.at))) continue
    return { applicationId: ref.applicationId, formId: ref.formId, eventAt: event.at, info }
  }
  return undefined
}

/** Whether this conversation has a 补正 to open (read only for conversations that submitted something). */
export async function hasPendingAmend(deps: EngineDeps, session: Session | undefined): Promise<boolean> {
  if (!session || session.form || session.amend || !session.submitted.length) return false
  return (await pendingAmend(deps, session)) !== undefined
}

function markDone(session: Session, state: { applicationId: string; eventAt: string }): void {
  session.amendsDone = [...(session.amendsDone ?? []), doneKey(state.applicationId, state.eventAt)].slice(-50)
}

function documentsText(deps: EngineDeps, info: CaseSummary, applicationId: string): string | undefined {
  const documents = (info.needs ?? []).filter((n) => n.document)
  if (!documents.length) return undefined
  const latest = info.history.filter((h) => !h.stale && h.status === 'needs_more').at(-1)
  return [
    '以下材料无法在聊天里提交：',
    ...documents.map((n) => `· ${n.document}${n.reason ? `（${n.reason}）` : ''}`),
    latest?.message ? `经办部门的说明：${latest.message}` : `请交给经办部门：${deps.referral}`,
    `提交时请注明编号 ${applicationId}。`,
  ].join('\n')
}

function askField(turn: Turn, form: Form, state: AmendState): void {
  const next = state.fields.find((id) => state.values[id] === undefined)
  state.misses = 0
  if (next) {
    state.awaiting = next
    say(turn, fieldById(form, next)!.question)
    return
  }
  state.awaiting = CONFIRM_STEP
  const lines = state.fields.map((id) => {
    const field = fieldById(form, id)!
    return `${field.label}：${displayValue(field, state.values[id], state.meta[id])}`
  })
  say(
    turn,
    [
      `请核对补正的信息（编号 ${state.applicationId}）：`,
      ...lines,
      `回复“确认”后，我会把这份${form.title}的全部信息（含以上更正）再次发送给经办部门；回复“取消”则不补正，申请保持原样。`,
    ].join('\n'),
  )
}

/**
 * Opens the 补正 waiting for this conversation, if any, and handles the message as its first answer. Returns
 * false when there is none (the turn goes on as usual).
 */
export async function maybeStartAmend(deps: EngineDeps, turn: Turn): Promise<boolean> {
  const session = turn.session
  if (session.form || session.amend || turn.message.inGroup || turn.message.forwarded) return false
  const pending = await pendingAmend(deps, session)
  if (!pending) return false
  const form = deps.forms.find((f) => f.id === pending.formId)
  const needs = pending.info.needs ?? []
  const fields = [...new Set(needs.map((n) => n.field).filter((id): id is string => Boolean(id && form && fieldById(form, id) && fieldById(form, id)!.parser !== 'consent')))]
  const others = needs.filter((n) => n.field && !fields.includes(n.field))
  const application = fields.length && form ? await deps.applications.get(pending.applicationId) : undefined
  const documents = documentsText(deps, pending.info, pending.applicationId)
  if (!form || !fields.length || !application || application.redactedAt) {
    // Nothing to type in here: where the documents (or the rest) go, once; the message is handled as usual.
    markDone(session, pending)
    if (documents) say(turn, documents)
    if (others.length || !documents) say(turn, `编号 ${pending.applicationId} 的补正请联系经办部门：${deps.referral}`)
    return false
  }
  const state: AmendState = {
    applicationId: pending.applicationId,
    formId: form.id,
    eventAt: pending.eventAt,
    fields,
    base: application.fields,
    values: {},
    meta: {},
    awaiting: fields[0],
    entryId: `${pending.applicationId}-R${newApplicationId().slice(1)}`,
    misses: 0,
    updatedAt: turn.now.toISOString(),
  }
  session.amend = state
  say(
    turn,
    [
      `我们来补正您的${form.title}（编号 ${pending.applicationId}），需要重新提供：${fields.map((id) => fieldById(form, id)!.label).join('、')}。`,
      '您申请时已同意把信息交给经办部门；补正确认后，这份申请的全部信息会再次发送给经办部门。回复“取消”可不补正。',
    ].join('\n'),
  )
  if (documents) say(turn, documents)
  if (others.length) say(turn, `另外，${others.map((n) => n.field).join('、')}无法在这里填写，请联系经办部门：${deps.referral}`)
  // The message itself may already carry the values (the reply to the notice).
  const found = extractFieldResults(form, turn.message.text, { today: turn.today, awaiting: state.awaiting, skip: fieldsOutside(form, state) })
  if (Object.keys(found).length) return take(deps, turn, form, state, found), true
  askField(turn, form, state)
  return true
}

function fieldsOutside(form: Form, state: AmendState): string[] {
  return form.fields.map((f) => f.id).filter((id) => !state.fields.includes(id) || state.values[id] !== undefined && id !== state.awaiting)
}

function take(deps: EngineDeps, turn: Turn, form: Form, state: AmendState, found: Record<string, { value: unknown; meta?: unknown }>): void {
  for (const [id, v] of Object.entries(found)) {
    if (!state.fields.includes(id)) continue
    state.values[id] = v.value
    state.meta[id] = v.meta as AmendState['meta'][string]
  }
  askField(turn, form, state)
}

/** 重新开始 while a 补正 is open: it is dropped, as answered (the application stays as it was). */
export function dropAmend(session: Session): void {
  if (!session.amend) return
  markDone(session, session.amend)
  session.amend = undefined
}

/** The worker's message while a 补正 is open. */
export async function continueAmend(deps: EngineDeps, turn: Turn, state: AmendState): Promise<void> {
  const form = deps.forms.find((f) => f.id === state.formId)
  const text = turn.message.text
  state.updatedAt = turn.now.toISOString()
  if (!form) {
    turn.session.amend = undefined
    markDone(turn.session, state)
    return say(turn, `编号 ${state.applicationId} 的补正请联系经办部门：${deps.referral}`)
  }
  if (isCancel(text)) {
    turn.session.amend = undefined
    markDone(turn.session, state)
    return say(turn, `好的，不补正了：编号 ${state.applicationId} 的申请保持原样，没有重新提交。经办部门仍在等补正，之后如需补正，请联系经办部门：${deps.referral}`)
  }
  if (state.awaiting === CONFIRM_STEP) {
    if (isConfirm(text)) return resubmit(deps, turn, form, state)
    // A new value for one of the listed fields (the only ones this 补正 changes).
    const found = extractFieldResults(form, text, { today: turn.today, skip: form.fields.map((f) => f.id).filter((id) => !state.fields.includes(id)) })
    if (Object.keys(found).length) return take(deps, turn, form, state, found)
    return say(turn, '请回复“确认”重新提交补正的信息，或回复“取消”不补正（申请保持原样）。')
  }
  const field = fieldById(form, state.awaiting)!
  const found = extractFieldResults(form, text, { today: turn.today, awaiting: state.awaiting, skip: fieldsOutside(form, state) })
  if (Object.keys(found).length) return take(deps, turn, form, state, found)
  const parsed = parseField(field, text, turn.today)
  if (parsed.ok) return take(deps, turn, form, state, { [field.id]: parsed })
  if (readsAsQuestion(text)) {
    const answer = await deps.answerer.ask(text, { channel: turn.message.channel })
    return say(turn, answer.answer, `我们继续补正：${field.question}`)
  }
  state.misses += 1
  if (state.misses >= MAX_MISSES) {
    state.misses = 0
    return say(turn, parsed.hint, `如果填写有困难，可回复“取消”，再联系经办部门：${deps.referral}`)
  }
  say(turn, parsed.hint)
}

async function resubmit(deps: EngineDeps, turn: Turn, form: Form, state: AmendState): Promise<void> {
  // Normalised as the first submission: the values, and the details a value alone would lose (form-flow submit()).
  const fields: Record<string, unknown> = { ...state.base }
  for (const id of state.fields) {
    delete fields[`${id}Detail`]
    delete fields[`${id}Precision`]
    delete fields[`${id}Normalized`]
    fields[id] = state.values[id]
    const meta = state.meta[id]
    if (meta?.raw && meta.raw !== state.values[id]) fields[`${id}Detail`] = meta.raw
    if (meta?.precision === 'month') fields[`${id}Precision`] = 'month'
    if (meta?.normalized && meta.normalized !== state.values[id]) fields[`${id}Normalized`] = meta.normalized
  }
  await deps.applications.submit({
    id: state.entryId,
    form: form.id,
    channel: turn.message.channel === 'terminal' ? 'console' : turn.message.channel,
    userId: turn.message.userId,
    fields,
    eligibility: [],
    policyVersion: deps.policyVersion(),
    submittedAt: turn.now.toISOString(),
    resubmission: { of: state.applicationId, changed: state.fields },
  })
  deps.onSubmitted?.(state.entryId)
  deps.logger?.info({ applicationId: state.applicationId, changed: state.fields }, 'application resubmitted')
  turn.session.amend = undefined
  markDone(turn.session, state)
  turn.applicationId = state.applicationId
  say(
    turn,
    deps.handoffConfigured === false
      ? `补正的信息已保存（编号 ${state.applicationId}），但还没有发送给经办部门（送达地址还没有配置）。请先联系经办部门：${deps.referral}`
      : `已重新提交补正的信息（编号 ${state.applicationId}）。经办部门处理后，我会在这里告诉您进度。`,
  )
}
