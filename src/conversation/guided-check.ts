// "我能申请什么": asks only the facts that decide something (eligibility/guided.ts), then shows the results.
import {
  decidingFields, evaluate, formatQuestion, formatResults, parseFieldAnswer, type ProfileFieldSpec,
} from '../eligibility/index.js'
import { isCancel, parseDate, parseHukou, parseIndustry, parseYesNo } from '../intake/index.js'
import { looksLikeQuestion } from '../intake/parsers/text.js'
import * as msg from './messages.js'
import type { GuidedCheckState } from './session.js'
import { say, type EngineDeps, type Turn } from './turn.js'

const MAX_QUESTIONS = 12
const MAX_MISSES = 2

function nextField(deps: EngineDeps, turn: Turn, skipped: string[]): ProfileFieldSpec | undefined {
  const fields = deps.eligibility.fields
  const order = fields.map((f) => f.id)
  const next = decidingFields(deps.eligibility.programmes, turn.session.profile, { asOf: turn.today, fieldOrder: order })
    .find((id) => !skipped.includes(id))
  return next ? fields.find((f) => f.id === next) : undefined
}

/** Reads an answer with the field's own options first, then the intake parsers' everyday words. */
function readAnswer(spec: ProfileFieldSpec, text: string, today: string): string | boolean | undefined {
  const direct = parseFieldAnswer(spec, text)
  if (direct !== undefined) return direct
  if (spec.type === 'boolean') {
    const yn = parseYesNo(text)
    return yn.ok ? yn.value : undefined
  }
  if (spec.type === 'date') {
    const d = parseDate(text, { today, notFuture: true })
    return d.ok ? d.value : undefined
  }
  const everyday = spec.id === 'industry' ? parseIndustry(text) : spec.id === 'hukou' || spec.id === 'businessLocation' ? parseHukou(text) : undefined
  return everyday?.ok ? everyday.value : undefined
}

function finish(deps: EngineDeps, turn: Turn): void {
  turn.session.guided = undefined
  const results = evaluate(deps.eligibility.programmes, turn.session.profile, { sections: deps.eligibility.sections, asOf: turn.today })
  say(turn, formatResults(results, { fields: deps.eligibility.fields }))
  const open = new Set(results.filter((r) => r.status === 'eligible' || r.status === 'likely_eligible').map((r) => r.programId))
  const forms = deps.forms.filter((f) => open.has(f.programId))
  if (forms.length) say(turn, `想办理的话，可以回复：${forms.map((f) => `“${f.triggers[0]}”`).join('、')}`)
}

function ask(turn: Turn, state: GuidedCheckState, spec: ProfileFieldSpec): void {
  state.awaiting = spec.id
  state.asked += 1
  state.misses = 0
  say(turn, formatQuestion(spec))
}

export function startGuidedCheck(deps: EngineDeps, turn: Turn): void {
  turn.session.form = undefined
  const now = turn.now.toISOString()
  const spec = nextField(deps, turn, [])
  if (!spec) return finish(deps, turn)
  const state: GuidedCheckState = { awaiting: spec.id, skipped: [], asked: 0, misses: 0, startedAt: now, updatedAt: now }
  turn.session.guided = state
  say(turn, msg.GUIDED_INTRO)
  ask(turn, state, spec)
}

export async function continueGuidedCheck(deps: EngineDeps, turn: Turn, state: GuidedCheckState): Promise<void> {
  const text = turn.message.text
  state.updatedAt = turn.now.toISOString()
  if (isCancel(text)) {
    turn.session.guided = undefined
    say(turn, msg.GUIDED_CANCELLED)
    return
  }
  const spec = deps.eligibility.fields.find((f) => f.id === state.awaiting)
  if (!spec) return finish(deps, turn)

  if (deps.intents.is('skip', text)) {
    state.skipped.push(spec.id)
  } else {
    const value = readAnswer(spec, text, turn.today)
    if (value === undefined) {
      if (looksLikeQuestion(text) && !deps.answerer.retrieve(text).outOfScope) {
        const answer = await deps.answerer.ask(text, { channel: turn.message.channel })
        say(turn, answer.answer, '', `我们继续看看您能申请什么：${formatQuestion(spec)}`)
        return
      }
      state.misses += 1
      if (state.misses > MAX_MISSES) state.skipped.push(spec.id)
      else {
        say(turn, `没太明白，${formatQuestion(spec)}\n（不清楚可以回复“跳过”）`)
        return
      }
    } else {
      ;(turn.session.profile as Record<string, unknown>)[spec.id] = value
    }
  }
  const next = state.asked < MAX_QUESTIONS ? nextField(deps, turn, state.skipped) : undefined
  if (next) ask(turn, state, next)
  else finish(deps, turn)
}
