// 资格 as words: the profile in one line, the missing facts by their field names, and the plain text 复制 copies.
import { citationLine, documentName } from './citations.js'
import { FIELD_LABELS, PROFILE_FIELDS, STATUS_GROUPS, valueLabel } from './labels.js'

export function profileSummary(profile) {
  const parts = PROFILE_FIELDS.filter((f) => f.id !== 'asOf' && profile[f.id] !== undefined).map(
    (f) => `${f.label}：${valueLabel(f.id, profile[f.id])}`,
  )
  return parts.length ? parts.join('；') : '（没有填写任何情况）'
}

/** The facts still to ask, named as the form names them (户籍、就业状态). */
export function missingText(missing) {
  return missing.map((id) => FIELD_LABELS[id] || id).join('、')
}

/** 2024-07-01 -> 2024年7月1日 */
function chineseDate(iso) {
  const [y, m, d] = String(iso || '').split('-')
  return y && m && d ? `${y}年${Number(m)}月${Number(d)}日` : ''
}

/** A citation whose section a newer document replaced: 这一节自…起已由《…》（文号）替代. */
export function supersededNote(citation) {
  const by = citation?.supersededBy
  if (!by) return ''
  const since = chineseDate(by.effective)
  const name = by.documentTitle ? `《${by.documentTitle}》${by.docNumber ? `（${by.docNumber}）` : ''}` : by.document
  return `这一节${since ? `自${since}起` : ''}已由${name}替代，请以新文件为准。`
}

/**
 * Plain text an agent can paste into a chat or ticket. 需要再确认 items keep only what to ask: their reasons
 * would bury the programmes the caller can apply for.
 */
export function eligibilityText(profile, results) {
  const lines = ['资格检查结果（仅按政策文件判断）', `情况：${profileSummary(profile)}`]
  if (profile.asOf) lines.push(`判断日期：${profile.asOf}`)
  for (const group of STATUS_GROUPS) {
    const items = results.filter((r) => r.status === group.status)
    if (!items.length) continue
    lines.push('', `【${group.label}】`)
    for (const r of items) {
      lines.push(`· ${r.name || r.programId}`)
      if (r.status !== 'needs_info') for (const reason of r.reasons || []) lines.push(`  ${reason}`)
      if (r.missing?.length) lines.push(`  还需了解：${missingText(r.missing)}`)
      const sources = (r.citations || []).map(citationLine).filter(Boolean)
      if (sources.length) lines.push(`  来源：${sources.join('；')}`)
    }
  }
  const documents = [...new Set(results.flatMap((r) => (r.citations || []).map((c) => documentName(c) || (c.document ? `《${c.document}》` : ''))).filter(Boolean))]
  if (documents.length) lines.push('', `依据：${documents.join('')}`)
  return lines.join('\n')
}
