// Eligibility results as plain text for WeChat, no Markdown: a short numbered summary for the chat (one line a
// programme, grouped), one programme's reasons with the document's words, and the full listing for the CLI.
import { labelFor, type Heading } from '../knowledge/headings.js'
import { QUOTE_SEPARATOR, REASON_PREFIX } from './evaluate.js'
import type { ProfileFieldSpec } from './profile-fields.js'
import type { EligibilityResult, EligibilityStatus } from './types.js'

/** The chat's groups, in the order shown (CONTRACT.md statuses). */
export const GROUPS: ReadonlyArray<readonly [EligibilityStatus, string]> = [
  ['eligible', '可以申请'],
  ['likely_eligible', '可能可以'],
  ['needs_info', '需要再确认'],
  ['not_covered', '文件未涉及'],
  ['ineligible', '不符合'],
]

/** A phone screen's worth: the chat summary is kept within this many characters. */
export const SUMMARY_MAX_CHARS = 600

/** "2.1" -> 第二部分（一）, "3" -> 第三部分, "0" -> 前言: the loader's own labels (knowledge/headings.ts). */
export function sectionLabel(sectionId: string): string {
  if (sectionId === '0') return '前言'
  return labelFor(sectionId.split('.').map((n, i) => ({ level: (i + 1) as Heading['level'], ordinal: Number(n) })))
}

/** The reason without its quoted document words: the summary stays short, the API keeps the full text. */
const shortReason = (reason: string) => reason.split(QUOTE_SEPARATOR)[0]

function reasonsToShow(result: EligibilityResult): string[] {
  // A refusal is explained by what decided it; the rest by every reason (they are few).
  const deciding = result.status === 'ineligible' ? REASON_PREFIX.failed : result.status === 'not_covered' ? REASON_PREFIX.silent : undefined
  const reasons = deciding ? result.reasons.filter((r) => r.startsWith(deciding)) : result.reasons
  return reasons.map(shortReason)
}

export interface FormatOptions {
  /** Chinese labels for missing fields; field ids are shown otherwise. */
  fields?: ProfileFieldSpec[]
}

const labeller = (options: FormatOptions) => (field: string) =>
  options.fields?.find((f) => f.id === field)?.label ?? field

/** Programmes in the order the summary numbers them: by group, then the programmes' own order. */
export function summaryOrder(results: EligibilityResult[]): EligibilityResult[] {
  return GROUPS.flatMap(([status]) => results.filter((r) => r.status === status))
}

export interface SummaryOptions extends FormatOptions {
  /** Short names by programme id (programmes.yaml `short`); the full name otherwise. */
  shortNames?: Record<string, string>
}

/**
 * The chat summary: a heading per group and one numbered line per programme (needs_info with the facts that
 * would decide it), within SUMMARY_MAX_CHARS less `reserve` (the caller's lines around it). The numbers follow
 * summaryOrder(), so a reply "3" names the same programme.
 */
export function formatSummary(results: EligibilityResult[], options: SummaryOptions = {}, reserve = 0): string {
  const label = labeller(options)
  const name = (r: EligibilityResult) => options.shortNames?.[r.programId] ?? r.name
  const build = (withMissing: boolean) => {
    const lines: string[] = []
    let n = 0
    for (const [status, heading] of GROUPS) {
      const group = results.filter((r) => r.status === status)
      if (group.length === 0) continue
      lines.push(`【${heading}】`)
      for (const r of group) {
        n += 1
        const missing = withMissing && status === 'needs_info' && r.missing.length ? `（要看${r.missing.map(label).join('、')}）` : ''
        lines.push(`${n}. ${name(r)}${missing}`)
      }
    }
    return lines.join('\n')
  }
  const full = build(true)
  return full.length + reserve <= SUMMARY_MAX_CHARS ? full : build(false)
}

/** One programme in full: its status, each reason with the document's words, and the sections. */
export function formatOne(result: EligibilityResult, options: FormatOptions = {}): string {
  const heading = GROUPS.find(([s]) => s === result.status)?.[1] ?? result.status
  const label = labeller(options)
  const lines = [`${result.name}：${heading}`]
  for (const reason of result.reasons) lines.push(`· ${reason}`)
  if (result.status === 'needs_info' && result.missing.length) lines.push(`还需要知道：${result.missing.map(label).join('、')}`)
  const sources = [...new Set(result.citations.map((c) => sectionLabel(c.sectionId)))]
  lines.push(`来源：《${result.citations[0]?.documentTitle ?? '政策文件'}》${sources.join('、')}`)
  return lines.join('\n')
}

/** Every programme grouped by status with its short reasons and sources (the CLI's --text). */
export function formatResults(results: EligibilityResult[], options: FormatOptions = {}): string {
  const label = labeller(options)
  const blocks: string[] = []
  for (const [status, heading] of GROUPS) {
    const group = results.filter((r) => r.status === status)
    if (group.length === 0) continue
    const lines = [`【${heading}】`]
    for (const r of group) {
      lines.push(`· ${r.name}`)
      if (status === 'needs_info') lines.push(`  还需要知道：${r.missing.map(label).join('、')}`)
      else for (const reason of reasonsToShow(r)) lines.push(`  ${reason}`)
      const sources = [...new Set(r.citations.map((c) => sectionLabel(c.sectionId)))]
      lines.push(`  来源：${sources.join('、')}`)
    }
    blocks.push(lines.join('\n'))
  }
  return blocks.join('\n\n')
}
