// 缺口: what callers asked that the document does not answer, grouped and counted, newest first.
import { api } from './api.js'
import { byId, el, setStatus, shortTime } from './dom.js'
import { CHANNEL_LABELS, GAP_REASON_LABELS } from './labels.js'

let loading = false

function row(gap) {
  return el(
    'tr',
    {},
    el(
      'td',
      {},
      el('div', { className: 'gap-question' }, gap.question),
      gap.example && gap.example !== gap.question ? el('div', { className: 'muted small' }, `最近的问法：${gap.example}`) : null,
    ),
    el('td', { className: 'num' }, String(gap.count)),
    el('td', {}, el('span', { className: `badge gap-${gap.reason}` }, GAP_REASON_LABELS[gap.reason] || gap.reason)),
    el('td', {}, (gap.channels || []).map((c) => CHANNEL_LABELS[c] || c).join('、')),
    el('td', {}, shortTime(gap.firstAskedAt)),
    el('td', {}, shortTime(gap.lastAskedAt)),
  )
}

export async function loadGaps() {
  if (loading) return
  loading = true
  setStatus(byId('gaps-status'), '正在加载…', 'busy')
  try {
    const data = await api('/api/gaps?limit=200')
    const gaps = Array.isArray(data?.gaps) ? data.gaps : []
    byId('gaps-body').replaceChildren(...gaps.map(row))
    byId('gaps-empty').hidden = gaps.length > 0
    byId('gaps-table').hidden = gaps.length === 0
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
}
