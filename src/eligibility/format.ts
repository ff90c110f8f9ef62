// A short plain-text summary of eligibility results for WeChat: grouped by status, no Markdown.
import { QUOTE_SEPARATOR, REASON_PREFIX } from './evaluate.js'
import type { ProfileFieldSpec } from './profile-fields.js'
import type { EligibilityResult, EligibilityStatus } from './types.js'

const GROUPS: Array<[EligibilityStatus, string]> = [
  ['eligible', '可以申请'],
  ['likely_eligible', '很可能可以申请'],
  ['ineligible', '暂不符合'],
  ['needs_info', '还需了解'],
]

const NUMERALS = '一二三四五六七八九十'

/** "2.1" -> 第二部分（一）, "3" -> 第三部分, "0" -> 前言 (CONTRACT.md section ids). */
export function sectionLabel(sectionId: string): string {
  if (sectionId === '0') return '前言'
  const [part, item] = sectionId.split('.').map(Number)
  const partLabel = `第${NUMERALS[part - 1] ?? part}部分`
  return item ? `${partLabel}（${NUMERALS[item - 1] ?? item}）` : partLabel
}

/** The reason without its quoted document words: the summary stays short, the API keeps the full text. */
const shortReason = (reason: string) => reason.split(QUOTE_SEPARATOR)[0]

function reasonsToShow(result: EligibilityResult): string[] {
  // A refusal is explained by what failed; the rest by every reason (they are few).
  const reasons = result.status === 'ineligible' ? result.reasons.filter((r) => r.startsWith(REASON_PREFIX.failed)) : result.reasons
  return reasons.map(shortReason)
}

export interface FormatOptions {
  /** Chinese labels for missing fields; field ids are shown otherwise. */
  fields?: ProfileFieldSpec[]
}

export function formatResults(results: EligibilityResult[], options: FormatOptions = {}): string {
  const labelOf = (field: string) => options.fields?.find((f) => f.id === field)?.label ?? field
  const blocks: string[] = []
  for (const [status, heading] of GROUPS) {
    const group = results.filter((r) => r.status === status)
    if (group.length === 0) continue
    const lines = [`【${heading}】`]
    for (const r of group) {
      lines.push(`· ${r.name}`)
      if (status === 'needs_info') lines.push(`  还需要知道：${r.missing.map(labelOf).join('、')}`)
      else for (const reason of reasonsToShow(r)) lines.push(`  ${reason}`)
      const sources = [...new Set(r.citations.map((c) => sectionLabel(c.sectionId)))]
      lines.push(`  来源：${sources.join('、')}`)
    }
    blocks.push(lines.join('\n'))
  }
  return blocks.join('\n\n')
}
