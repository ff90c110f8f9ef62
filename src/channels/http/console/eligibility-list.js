// 资格's result as a short list: one line per programme (name and status in plain Chinese), all of them on about one
// phone screen. Each line opens, by click, Enter or Space (<details>), to the same explanation whatever the status:
// what the status means, the reasons with the document's words, the facts still missing, and the quoted sections.
import { documentName, sectionName } from './citations.js'
import { el } from './dom.js'
import { missingText, profileSummary, supersededNote } from './eligibility-text.js'
import { FIELD_LABELS, STATUS_GROUPS } from './labels.js'

const GROUP = Object.fromEntries(STATUS_GROUPS.map((g) => [g.status, g]))

function quoteBlock(citation) {
  const where = [citation.sectionId ? sectionName(citation.sectionId) : '', citation.title, documentName(citation)].filter(Boolean).join(' ')
  const note = supersededNote(citation)
  return el(
    'figure',
    { className: 'line-quote', dataset: { section: citation.sectionId || '' } },
    el('figcaption', { className: 'muted small' }, `文件原文${where ? `：${where}` : ''}`),
    el('blockquote', { className: 'quote' }, citation.quote || ''),
    note ? el('p', { className: 'superseded small' }, note) : null,
  )
}

/** The explanation a line opens to: the same parts for every status, 不符合 and 文件未涉及 included. */
function lineBody(result) {
  const reasons = Array.isArray(result.reasons) ? result.reasons : []
  const missing = Array.isArray(result.missing) ? result.missing : []
  const citations = Array.isArray(result.citations) ? result.citations : []
  const hint = GROUP[result.status]?.hint
  return el(
    'div',
    { className: 'line-body' },
    hint ? el('p', { className: 'line-hint muted small' }, hint) : null,
    el('ul', { className: 'reasons' }, reasons.length ? reasons.map((r) => el('li', {}, r)) : el('li', {}, '文件没有写明理由')),
    missing.length ? el('p', { className: 'missing' }, el('strong', {}, '还需了解：'), missingText(missing)) : null,
    citations.map(quoteBlock),
  )
}

function resultLine(result) {
  const label = GROUP[result.status]?.label || result.status
  return el(
    'li',
    {},
    el(
      'details',
      { className: `result elig-line status-${result.status}`, dataset: { program: result.programId, status: result.status } },
      el('summary', {}, el('h4', {}, result.name || result.programId), el('span', { className: `badge status-badge-${result.status}` }, label)),
      lineBody(result),
    ),
  )
}

/** The questions to ask the caller next: each missing field, by how many programmes it would decide. */
function nextQuestions(results) {
  const counts = new Map()
  for (const r of results) {
    if (r.status !== 'needs_info') continue
    for (const field of r.missing || []) counts.set(field, (counts.get(field) || 0) + 1)
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])
}

/** The result's parts, in order: what was assumed, the counts, the list (grouped by status), what to ask next. */
export function eligibilityResult(profile, results) {
  const groups = STATUS_GROUPS.map((g) => ({ ...g, items: results.filter((r) => r.status === g.status) })).filter((g) => g.items.length)
  const toAsk = nextQuestions(results)
  return [
    el('p', { className: 'muted small profile-line' }, `按以下情况判断：${profileSummary(profile)}`),
    el('p', { className: 'small elig-counts' }, `共 ${results.length} 项：`, groups.map((g) => `${g.label} ${g.items.length}`).join(' · ')),
    el(
      'div',
      { className: 'elig-summary', id: 'elig-summary' },
      groups.map((g) =>
        el(
          'section',
          { className: `group group-${g.status}`, id: `group-${g.status}` },
          // The badge on each line says the status; the heading is for screen readers' heading navigation.
          el('h3', { className: 'visually-hidden' }, `${g.label} ${g.items.length} 项`),
          el('ul', { className: 'elig-lines' }, g.items.map(resultLine)),
        ),
      ),
    ),
    toAsk.length
      ? el('p', { className: 'next-questions' }, el('strong', {}, '下一步可以问来电人：'), toAsk.map(([field, n]) => `${FIELD_LABELS[field] || field}（${n}项）`).join('、'))
      : null,
  ]
}
