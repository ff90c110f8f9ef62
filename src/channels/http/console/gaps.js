// 缺口: what callers asked that the document does not answer (unanswered), answers only partly (partial), or an
// agent flagged (答得不对); one row per question and reason, with counts and dates, exportable as CSV.
import { api } from './api.js'
import { byId, el, setStatus, shortTime } from './dom.js'
import { CHANNEL_LABELS, GAP_REASON_LABELS } from './labels.js'

let loading = false
let rows = []

/** One row per question and reason (GET /api/gaps gives each question its per-reason counts). */
export function gapRows(gaps) {
  const out = []
  for (const gap of gaps) {
    const reasons = gap.reasons && typeof gap.reasons === 'object' && Object.keys(gap.reasons).length
      ? Object.entries(gap.reasons)
      : [[gap.reason, { count: gap.count, firstAskedAt: gap.firstAskedAt, lastAskedAt: gap.lastAskedAt }]]
    for (const [reason, r] of reasons) {
      if (!r) continue
      out.push({
        question: gap.question,
        example: gap.example,
        reason,
        count: r.count,
        firstAskedAt: r.firstAskedAt,
        lastAskedAt: r.lastAskedAt,
        channels: gap.channels || [],
        notes: reason === 'flagged' ? gap.notes || [] : [],
      })
    }
  }
  return out.sort((a, b) => String(b.lastAskedAt).localeCompare(String(a.lastAskedAt)))
}

function row(gap) {
  return el(
    'tr',
    { dataset: { reason: gap.reason } },
    el(
      'td',
      { dataset: { label: '问题' } },
      el('div', { className: 'gap-question' }, gap.question),
      gap.example && gap.example !== gap.question ? el('div', { className: 'muted small' }, `最近的问法：${gap.example}`) : null,
      gap.notes.length ? el('ul', { className: 'gap-notes small' }, gap.notes.map((n) => el('li', {}, `坐席备注：${n}`))) : null,
    ),
    el('td', { className: 'num', dataset: { label: '次数' } }, String(gap.count)),
    el('td', { dataset: { label: '原因' } }, el('span', { className: `badge gap-${gap.reason}` }, GAP_REASON_LABELS[gap.reason] || gap.reason)),
    el('td', { dataset: { label: '渠道' } }, gap.channels.map((c) => CHANNEL_LABELS[c] || c).join('、')),
    el('td', { dataset: { label: '首次' } }, shortTime(gap.firstAskedAt)),
    el('td', { dataset: { label: '最近' } }, shortTime(gap.lastAskedAt)),
  )
}

function csvCell(value) {
  const text = String(value ?? '')
  // A cell starting with = + - @ would be a formula in a spreadsheet: quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The rows as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese). */
export function gapsCsv(list) {
  const head = ['问题', '最近的问法', '原因', 'reason', '次数', '渠道', '首次', '最近', '坐席备注']
  const lines = [head, ...list.map((g) => [g.question, g.example, GAP_REASON_LABELS[g.reason] || g.reason, g.reason, g.count, g.channels.join(' '), g.firstAskedAt, g.lastAskedAt, g.notes.join(' | ')])]
  return '\ufeff' + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

function exportCsv() {
  const blob = new Blob([gapsCsv(rows)], { type: 'text/csv;charset=utf-8' })
  const url = URL.createObjectURL(blob)
  const link = el('a', { href: url, download: `gaps-${new Date().toISOString().slice(0, 10)}.csv` })
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export async function loadGaps() {
  if (loading) return
  loading = true
  setStatus(byId('gaps-status'), '正在加载…', 'busy')
  try {
    const data = await api('/api/gaps?limit=500')
    rows = gapRows(Array.isArray(data?.gaps) ? data.gaps : [])
    byId('gaps-body').replaceChildren(...rows.map(row))
    byId('gaps-empty').hidden = rows.length > 0
    byId('gaps-table').hidden = rows.length === 0
    byId('gaps-export').disabled = rows.length === 0
    byId('gaps-updated').textContent = `更新于 ${shortTime(new Date().toISOString())}`
    setStatus(byId('gaps-status'), '')
  } catch (error) {
    setStatus(byId('gaps-status'), error.message, 'bad')
  } finally {
    loading = false
  }
}

export function setUpGaps() {
  byId('gaps-refresh').addEventListener('click', () => loadGaps())
  byId('gaps-export').addEventListener('click', () => exportCsv())
}
