// Deterministic eligibility: programmes (rules as data) + a profile + a date -> a status, reasons, missing facts
// and citations per programme, in the programmes' order. No model is involved: the same input gives the same output.
import { chineseDate } from '../calendar.js'
import { nameOn } from './figures.js'
import { isRealDate, todayInNingbo } from './dates.js'
import type { Profile } from './profile.js'
import { evaluateCondition, type Finding, type Truth, type TraceEntry } from './rules.js'
import type { EligibilityCitation, EligibilityResult, EligibilityStatus, Programme, SectionLookup } from './types.js'
import { describeFact } from './value-labels.js'

/** Separates a reason from the document words it quotes (formatResults drops the quote for a short summary). */
export const QUOTE_SEPARATOR = '。文件原文：'

/** How each reason starts, by what happened to its condition. */
export const REASON_PREFIX = {
  held: '满足条件',
  failed: '不满足条件',
  silent: '文件没有说到您的情况',
  unknown: '还不清楚是否满足条件',
} as const

/** Where to ask when the document is silent or vague (the office the referral text names). */
const ASK_THE_OFFICE = '请向人力资源和社会保障部门咨询'

function reasonFor(findings: Finding[]): string {
  const first = findings[0]
  const verdict = first.verdict
  // Several tests of one fact in an "or" (巡游出租车 or 网约车): one reason naming them all.
  const describe = findings.map((f) => `“${f.leaf.describe}”`).join('或')
  const quote = [...new Set(findings.map((f) => f.leaf.quote))].join('”“')
  const fact = first.value === undefined ? '' : describeFact(first.leaf.field, first.value)
  const detail = first.detail ?? (verdict === 'held' ? '' : fact)
  const shown = detail ? `（${detail}）` : ''
  if (verdict === 'silent') return `${REASON_PREFIX.silent}${shown}：文件只写到${describe}的情况，其他情况没有写，${ASK_THE_OFFICE}${QUOTE_SEPARATOR}“${quote}”`
  if (verdict === 'failed') return `${REASON_PREFIX.failed}${describe}${shown}${QUOTE_SEPARATOR}“${quote}”`
  return `${REASON_PREFIX[verdict]}${describe}${shown}${QUOTE_SEPARATOR}“${quote}”`
}

/**
 * The reasons of a result, one per fact: a test that failed on a fact another branch accepted (not 巡游出租车,
 * but 网约车司机 held) did not decide anything and is left out; tests of the same fact with the same verdict merge.
 */
function reasonsFor(findings: Finding[], result: Truth): string[] {
  const heldFields = new Set(findings.filter((f) => f.verdict === 'held').map((f) => f.leaf.field))
  const kept = result === 'false' || result === 'silent'
    ? findings.filter((f) => f.verdict === 'held' || !heldFields.has(f.leaf.field))
    : findings
  const groups = new Map<string, Finding[]>()
  for (const f of kept) {
    const key = `${f.verdict}\u0000${f.leaf.field}\u0000${f.verdict === 'held' ? f.leaf.describe : ''}`
    groups.set(key, [...(groups.get(key) ?? []), f])
  }
  const found = [...groups.values()]
  // A refusal opens with what decided it; the facts that held follow.
  if (result === 'false' || result === 'silent') found.sort((a, b) => Number(a[0].verdict === 'held') - Number(b[0].verdict === 'held'))
  return found.map(reasonFor)
}

function furtherConditionsReason(quote: string): string {
  return `文件原文只说“${quote}”，具体还有哪些条件由人力社保部门规定，文件里没有列出，请向人力社保部门确认`
}

/** The evaluation date: an explicit one wins, then the profile's asOf, then today in Ningbo. */
export function resolveAsOf(profile: Profile, asOf?: string): string {
  const date = asOf ?? profile.asOf ?? todayInNingbo()
  if (!isRealDate(date)) throw new Error(`asOf: must be a real date YYYY-MM-DD, got ${date}`)
  return date
}

function statusOf(result: Truth, programme: Programme): EligibilityStatus {
  if (result === 'unknown') return 'needs_info'
  if (result === 'false') return 'ineligible'
  if (result === 'silent') return 'not_covered'
  return programme.furtherConditions ? 'likely_eligible' : 'eligible'
}

function citationsFor(programme: Programme, sections: SectionLookup, asOf: string): EligibilityCitation[] {
  return programme.sources.map((source) => {
    const section = sections(source.section, asOf)
    if (!section) throw new Error(`programme ${programme.id}: section ${source.section} is not in the knowledge base`)
    const { document, documentTitle, title, supersededBy } = section
    return { document, documentTitle, sectionId: source.section, title, quote: source.quote, ...(supersededBy ? { supersededBy } : {}) }
  })
}

/** A rule resting on words a newer document replaced says so, and names the newer document. */
function supersededReasons(citations: EligibilityCitation[], sections: SectionLookup, asOf: string): string[] {
  return citations.flatMap((c) => {
    const label = sections(c.sectionId, asOf)?.label ?? c.sectionId
    const by = c.supersededBy
    if (!by) return []
    const number = by.docNumber ? `（${by.docNumber}）` : ''
    return [`注意：这项判断依据的《${c.documentTitle}》${label}自${chineseDate(by.effective)}起已由《${by.documentTitle}》${number}替代，条件或标准可能已经改变，请以新文件为准，并向人社部门确认。`]
  })
}

export interface Decision {
  programme: Programme
  status: EligibilityStatus
  reasons: string[]
  missing: string[]
  trace: TraceEntry[]
}

/** Evaluates every programme without citations (what the guided check needs). */
export function decide(programmes: Programme[], profile: Profile, asOf?: string): Decision[] {
  const date = resolveAsOf(profile, asOf)
  return programmes.map((programme) => {
    const trace: TraceEntry[] = []
    const outcome = evaluateCondition(programme.rule, profile, date, trace)
    const status = statusOf(outcome.result, programme)
    const reasons = reasonsFor(outcome.findings, outcome.result)
    if (programme.furtherConditions && (status === 'eligible' || status === 'likely_eligible' || status === 'needs_info')) reasons.push(furtherConditionsReason(programme.furtherConditions.quote))
    return { programme, status, reasons, missing: status === 'needs_info' ? outcome.missing : [], trace }
  })
}

export interface EvaluateOptions {
  /** Section titles and document names for the citations. */
  sections: SectionLookup
  /** YYYY-MM-DD; defaults to profile.asOf, then today in Ningbo. */
  asOf?: string
}

export function evaluate(programmes: Programme[], profile: Profile, options: EvaluateOptions): EligibilityResult[] {
  const date = resolveAsOf(profile, options.asOf)
  return decide(programmes, profile, date).map((d) => {
    const citations = citationsFor(d.programme, options.sections, date)
    return {
      programId: d.programme.id,
      name: nameOn(d.programme, date),
      status: d.status,
      reasons: [...d.reasons, ...supersededReasons(citations, options.sections, date)],
      missing: d.missing,
      citations,
    }
  })
}

export interface ProgrammeTrace {
  programId: string
  asOf: string
  status: EligibilityStatus
  /** Every condition checked, with the profile's value and the result. */
  checks: TraceEntry[]
}

/** For debugging: every condition of every programme, checked. */
export function traceEligibility(programmes: Programme[], profile: Profile, asOf?: string): ProgrammeTrace[] {
  const date = resolveAsOf(profile, asOf)
  return decide(programmes, profile, date).map((d) => ({ programId: d.programme.id, asOf: date, status: d.status, checks: d.trace }))
}
