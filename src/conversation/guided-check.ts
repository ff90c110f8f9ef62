// "我能申请什么": starts from what the conversation already knows (the opening message, earlier answers, a
// submitted form, the topic's who and hukou), asks only the few facts most results hang on, then shows a short
// grouped summary. 继续 asks the rest that would still change a result; a number shows one programme's reasons
// and 申请 + number starts its form (or says where to go). Eligibility itself is eligibility/'s deterministic code.
import { shortNameOn } from '../eligibility/figures.js'
import type { Topic } from '../answer/follow-up.js'
import {
  decidingFields, evaluate, formatOne, formatQuestion, formatSummary, parseFieldAnswer, summaryOrder,
  type EligibilityResult, type ProfileFieldSpec,
} from '../eligibility/index.js'
import { describeFact } from '../eligibility/value-labels.js'
import { factsFromText, formForProgramme, isCancel, matchJobs, parseDate, parseHukou, parseIndustry, parseYesNo } from '../intake/index.js'
import { looksLikeQuestion } from '../intake/parsers/text.js'
import { startForm } from './form-flow.js'
import * as msg from './messages.js'
import type { GuidedCheckState, Session } from './session.js'
import { say, type EngineDeps, type Turn } from './turn.js'

const MAX_QUESTIONS = 12
const MAX_MISSES = 2
/** The facts most programmes hang on: asked before the first summary; the rest only after 继续. */
const CORE_FIELDS = ['workType', 'industry', 'hukou']
/** A summary's numbers are answered for this long (a bare "3" an hour later is not about it). */
const SHOWN_FOR_MS = 6 * 60 * 60_000

type Facts = Record<string, unknown>

/** What the worker told the answerer earlier (the conversation topic's who and hukou), if anything. */
function topicFacts(topic: Topic | undefined, today: string): Facts {
  const facts: Facts = topic?.who ? { ...factsFromText(topic.who, today) } : {}
  if (topic?.hukou === 'ningbo' || topic?.hukou === 'other') facts.hukou = topic.hukou
  return facts
}

/** Puts facts into the profile: what the newest message says wins over what was known. */
function learn(turn: Turn, facts: Facts, overwrite: boolean): void {
  const profile = turn.session.profile as Facts
  for (const [field, value] of Object.entries(facts)) if (overwrite || profile[field] === undefined) profile[field] = value
}

function nextField(deps: EngineDeps, turn: Turn, state: GuidedCheckState): ProfileFieldSpec | undefined {
  const fields = deps.eligibility.fields
  const order = fields.map((f) => f.id)
  const next = decidingFields(deps.eligibility.programmes, turn.session.profile, { asOf: turn.today, fieldOrder: order })
    .filter((id) => !state.skipped.includes(id))
    .find((id) => state.stage === 'refine' || CORE_FIELDS.includes(id))
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

/** 外卖送餐、宁波本市户籍、灵活就业: the facts the summary rests on, so a wrong one can be seen and corrected. */
function knownFacts(session: Session): string {
  const profile = session.profile as Facts
  return (['industry', 'hukou', 'workType'] as const)
    .filter((f) => profile[f] !== undefined)
    .map((f) => describeFact(f, profile[f]).replace(/^[^为]*为/, ''))
    .join('、')
}

function shortNames(deps: EngineDeps): Record<string, string> {
  return Object.fromEntries(deps.eligibility.programmes.map((p) => [p.id, shortNameOn(p)]))
}

function finish(deps: EngineDeps, turn: Turn): void {
  turn.session.guided = undefined
  const results = evaluate(deps.eligibility.programmes, turn.session.profile, { sections: deps.eligibility.sections, asOf: turn.today })
  const facts = knownFacts(turn.session)
  const head = facts ? `按您说的情况（${facts}），按文件看：` : '按文件看：'
  const open = results.filter((r) => r.status === 'needs_info').length
  const foot = [
    '回复编号看理由和文件原文（如“1”）；想办理回复“申请”加编号（如“申请1”）。',
    open ? `回复“继续”，再回答几个问题，确认“需要再确认”的${open}项。` : '',
  ].filter(Boolean).join('\n')
  const body = formatSummary(results, { fields: deps.eligibility.fields, shortNames: shortNames(deps) }, head.length + foot.length + 2)
  turn.session.checkShown = { ids: summaryOrder(results).map((r) => r.programId), at: turn.now.toISOString() }
  say(turn, [head, body, foot].join('\n'))
}

function ask(turn: Turn, state: GuidedCheckState, spec: ProfileFieldSpec): void {
  state.awaiting = spec.id
  state.asked += 1
  state.misses = 0
  say(turn, formatQuestion(spec))
}

/**
 * Starts the check from everything known: the profile (earlier answers, submitted forms), the topic's facts, and
 * what this message states (我在宁波送外卖三年了，本地户口). With `refine`, every deciding fact is asked (继续).
 */
export function startGuidedCheck(deps: EngineDeps, turn: Turn, refine = false): void {
  turn.session.form = undefined
  learn(turn, topicFacts(turn.topic, turn.today), false)
  learn(turn, factsFromText(turn.message.text, turn.today), true)
  const now = turn.now.toISOString()
  const state: GuidedCheckState = { awaiting: '', stage: refine ? 'refine' : 'core', skipped: [], asked: 0, misses: 0, startedAt: now, updatedAt: now }
  // Something already known about the worker's work or hukou: the results come at once (继续 asks the rest);
  // only a check that knows nothing asks first.
  const profile = turn.session.profile as Facts
  const knowsSomething = CORE_FIELDS.some((f) => profile[f] !== undefined)
  const spec = !refine && knowsSomething ? undefined : nextField(deps, turn, state)
  if (!spec) return finish(deps, turn)
  turn.session.guided = state
  if (!refine) say(turn, msg.GUIDED_INTRO)
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

  // Every fact the reply states is kept (送外卖的，宁波户口 answers two questions), the asked one first.
  const facts = factsFromText(text, turn.today)
  if (deps.intents.is('skip', text)) {
    state.skipped.push(spec.id)
  } else {
    const value = readAnswer(spec, text, turn.today) ?? (facts[spec.id] as string | boolean | undefined)
    if (value === undefined && Object.keys(facts).length === 0) {
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
      // An answer about something else (asked the work, told the hukou) is kept; the question comes again.
      learn(turn, facts, true)
      if (value !== undefined) learn(turn, { [spec.id]: value }, true)
    }
  }
  // In the first round, one answer that tells something is enough for the results; 继续 asks every deciding fact.
  const known = state.stage !== 'refine' && CORE_FIELDS.some((f) => (turn.session.profile as Facts)[f] !== undefined)
  const next = state.asked < MAX_QUESTIONS && !known ? nextField(deps, turn, state) : undefined
  if (next) ask(turn, state, next)
  else finish(deps, turn)
}

// Replies to a summary just shown: 3 (its reasons), 申请3 (its form), 继续 (the rest of the questions).
const PICK = /^(?:第)?\s*(\d{1,2})\s*(?:个|项|号)?$/
const APPLY_PICK = /^(?:我要|我想|帮我)?(?:申请|办理|办|报名)\s*(?:第)?\s*(\d{1,2})\s*(?:个|项|号)?$/
const GO_ON = /^(?:继续|接着问|继续问|再问|好的?继续|确认剩下的)$/

/** True when the text is shaped like a reply to a summary (the engine sends it the locked way to check). */
export function isSummaryReply(text: string): boolean {
  const t = text.normalize('NFKC').trim().replace(/[。.!！]+$/, '')
  return PICK.test(t) || APPLY_PICK.test(t) || GO_ON.test(t)
}

/** Answers a reply to the summary shown last; false when the text is not one (or no summary is fresh). */
export async function answerSummaryReply(deps: EngineDeps, turn: Turn): Promise<boolean> {
  const shown = turn.session.checkShown
  if (!shown || turn.now.getTime() - Date.parse(shown.at) > SHOWN_FOR_MS) return false
  const t = turn.message.text.normalize('NFKC').trim().replace(/[。.!！]+$/, '')
  if (GO_ON.test(t)) {
    startGuidedCheck(deps, turn, true)
    return true
  }
  const pick = APPLY_PICK.exec(t) ?? PICK.exec(t)
  if (!pick) return false
  const id = shown.ids[Number(pick[1]) - 1]
  const programme = deps.eligibility.programmes.find((p) => p.id === id)
  if (!programme) {
    say(turn, `没有第${pick[1]}项，请回复1到${shown.ids.length}之间的编号。`)
    return true
  }
  const form = formForProgramme(deps.forms, programme.id)
  if (APPLY_PICK.test(t)) {
    if (form) await startForm(deps, turn, form)
    else say(turn, referralText(deps, shortNameOn(programme, turn.today), programme.referral))
    return true
  }
  const result = evaluate([programme], turn.session.profile, { sections: deps.eligibility.sections, asOf: turn.today })[0]
  say(turn, formatOne(result, { fields: deps.eligibility.fields }), howToApply(deps, result, Number(pick[1])))
  return true
}

/** What to do about one programme: its form (申请N), or where to go when someone else acts. */
function howToApply(deps: EngineDeps, result: EligibilityResult, n: number): string {
  const programme = deps.eligibility.programmes.find((p) => p.id === result.programId)!
  if (result.status === 'ineligible') return ''
  if (formForProgramme(deps.forms, programme.id)) return `想办理的话，回复“申请${n}”，我来帮您登记。`
  return referralText(deps, shortNameOn(programme), programme.referral)
}

export function referralText(deps: EngineDeps, name: string, referral: string | undefined): string {
  return `${name}不在这里登记办理。${referral ?? ''}${deps.referral}`
}

// "What can I get?" in the worker's words: 我能申请哪些补贴, 有哪些政策我可以享受, 像我这种情况能享受什么, 我符合哪些.
const SELF = /我|俺|咱/
const CAN_GET = /(?:能|可以|可|能够)(?:去|够)?(?:申请|享受|拿|领|办|用|得到|获得|享有|报|参加|有)|符合|适合我|我适合|对我有用/
const WHICH = /什么|哪些|啥|哪几|哪个|几项|几种|多少种/
/** A named programme (工伤保险, 工会…) makes it a question about that programme, answered from the document. */
const NAMED = /工伤|养老|医保|医疗保险|社保补贴|450|贷款|培训|职称|工会|入会|欠薪|工资|场租|岗位补贴|意外险|商业保险/

/** A question asking which programmes the worker may have: the eligibility check answers it. */
export function isEligibilityQuestion(text: string): boolean {
  const t = text.normalize('NFKC')
  return SELF.test(t) && CAN_GET.test(t) && WHICH.test(t) && !namesProgramme(t)
}

/** 加入工会我能享受什么: about one programme, so not the check (做养老护理的 is a job, not 养老保险). */
export function namesProgramme(text: string): boolean {
  let t = text.normalize('NFKC')
  for (const job of matchJobs(t)) t = t.slice(0, job.index) + ' '.repeat(job.word.length) + t.slice(job.index + job.word.length)
  return NAMED.test(t)
}
