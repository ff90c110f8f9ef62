// 申请: recent applications and whether the back office has them; a retry for the ones that gave up.
import { api } from './api.js'
import { byId, el, setStatus, shortTime } from './dom.js'
import { APPLICATION_FIELD_LABELS, CASE_STATUS_LABELS, CHANNEL_LABELS, DELIVERY_LABELS, FORM_LABELS, valueLabel } from './labels.js'

let loading = false

const MONEY_KEYS = new Set(['loanAmount', 'amountOwed'])
const ENUM_KEYS = new Set(['industry', 'hukou', 'workType'])

function fieldValue(key, value) {
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (MONEY_KEYS.has(key) && typeof value === 'number') return `${value} 元`
  if (ENUM_KEYS.has(key) && typeof value === 'string') return valueLabel(key, value)
  if (typeof value === 'string' && ISO_TIME.test(value)) return shortTime(value)
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/
// Labelled fields in a fixed order (name, phone, … consent last), then anything else the form collected.
const FIELD_ORDER = Object.keys(APPLICATION_FIELD_LABELS).filter((k) => !k.startsWith('consent')).concat(['consent', 'consentAt', 'consentNoticeVersion'])

function fieldRank(key) {
  const i = FIELD_ORDER.indexOf(key)
  return i === -1 ? FIELD_ORDER.indexOf('consent') - 0.5 : i
}

function fieldsList(fields) {
  const entries = Object.entries(fields || {}).sort((a, b) => fieldRank(a[0]) - fieldRank(b[0]))
  return el(
    'dl',
    { className: 'kv' },
    entries.map(([key, value]) => [el('dt', {}, APPLICATION_FIELD_LABELS[key] || key), el('dd', {}, fieldValue(key, value))]),
  )
}

function statusCell(item) {
  // delivery: the status, or not_configured while no HANDOFF_WEBHOOK_URL is set (issue 24).
  const delivery = item.delivery || item.status
  const badge = el('span', { className: `badge delivery-${delivery}` }, DELIVERY_LABELS[delivery] || delivery)
  const caseLine = caseInfo(item)
  if (item.status !== 'dead') return el('td', {}, badge, caseLine)
  const button = el('button', { type: 'button', className: 'small-button', onClick: () => retry(item.id, button) }, '重新送达')
  return el('td', {}, badge, el('div', {}, button), caseLine)
}

/** The office's status and its steps (GET /api/applications adds caseStatus and history). */
function caseInfo(item) {
  const history = Array.isArray(item.history) ? item.history : []
  const label = (s) => CASE_STATUS_LABELS[s] || s
  return el(
    'div',
    { className: 'case-info' },
    el('div', { className: 'case-status' }, '办理：', item.caseStatus ? el('strong', {}, label(item.caseStatus)) : el('span', { className: 'muted' }, '尚无进度')),
    history.length
      ? el('ol', { className: 'case-history small' }, history.map((h) => el('li', {}, `${shortTime(h.at)} ${label(h.status)}${h.message ? `：${h.message}` : ''}`)))
      : null,
  )
}

function detailCell(item) {
  const lines = []
  if (item.lastError) lines.push(el('div', { className: 'error-text' }, item.lastError))
  if (item.status === 'delivered' && item.deliveredAt) lines.push(el('div', { className: 'muted' }, `送达于 ${shortTime(item.deliveredAt)}`))
  if (item.delivery === 'not_configured') lines.push(el('div', { className: 'muted' }, '未配置送达地址（HANDOFF_WEBHOOK_URL），配置后重启即送出'))
  else if ((item.status === 'pending' || item.status === 'delivering') && item.nextAttemptAt) {
    lines.push(el('div', { className: 'muted' }, `下次尝试 ${shortTime(item.nextAttemptAt)}`))
  }
  return el('td', {}, lines.length ? lines : el('span', { className: 'muted' }, '—'))
}

// Each cell names its column: at phone width the table becomes stacked cards (console.css).
const COLUMN_LABELS = ['编号', '申请事项', '渠道', '提交时间', '送达状态', '尝试', '错误 / 下次', '填写内容']

function row(item) {
  const tr = rowCells(item)
  ;[...tr.children].forEach((td, i) => {
    td.dataset.label = COLUMN_LABELS[i] || ''
  })
  return tr
}

function rowCells(item) {
  return el(
    'tr',
    { dataset: { id: item.id, status: item.status } },
    el('td', { className: 'mono' }, item.id),
    el('td', {}, FORM_LABELS[item.form] || item.form),
    el('td', {}, CHANNEL_LABELS[item.channel] || item.channel || ''),
    el('td', {}, shortTime(item.submittedAt)),
    statusCell(item),
    el('td', { className: 'num' }, String(item.tries ?? 0)),
    detailCell(item),
    el('td', {}, fieldsList(item.fields)),
  )
}

function counts(items, serverCounts) {
  let by = serverCounts && typeof serverCounts === 'object' ? { ...serverCounts } : null
  if (!by) {
    by = {}
    for (const item of items) by[item.delivery || item.status] = (by[item.delivery || item.status] || 0) + 1
  } else if (items.some((item) => item.delivery === 'not_configured')) {
    // No webhook configured: the ones still owed are 未配置, never 待送达 (the server counts by outbox status).
    by.not_configured = (by.pending || 0) + (by.delivering || 0)
    delete by.pending
    delete by.delivering
  }
  return ['not_configured', 'pending', 'delivering', 'delivered', 'dead']
    .filter((s) => by[s])
    .map((s) => `${DELIVERY_LABELS[s]} ${by[s]}`)
    .join(' · ')
}

async function retry(id, button) {
  button.disabled = true
  try {
    await api(`/api/applications/${encodeURIComponent(id)}/retry`, { method: 'POST', body: {} })
    setStatus(byId('apps-status'), `已安排重新送达：${id}`, 'good')
  } catch (error) {
    setStatus(byId('apps-status'), error.message, 'bad')
  }
  await loadApplications({ keepStatus: true })
}

export async function loadApplications({ keepStatus = false, quiet = false } = {}) {
  keepStatus = keepStatus || quiet
  if (loading) return
  loading = true
  if (!keepStatus) setStatus(byId('apps-status'), '正在加载…', 'busy')
  try {
    const q = byId('apps-q').value.trim()
    const data = await api(q ? `/api/applications?q=${encodeURIComponent(q)}` : '/api/applications')
    // The list is newest first; counts (when the server sends them) cover every application, not only these.
    const items = Array.isArray(data?.applications) ? data.applications : Array.isArray(data?.items) ? data.items : []
    byId('apps-body').replaceChildren(...items.map(row))
    byId('apps-empty').hidden = items.length > 0
    byId('apps-empty').textContent = q ? `没有找到“${q}”的申请。` : '还没有申请。'
    byId('apps-table').hidden = items.length === 0
    byId('apps-counts').textContent = counts(items, data?.counts)
    byId('apps-updated').textContent = `更新于 ${shortTime(new Date().toISOString())}`
    if (!keepStatus) setStatus(byId('apps-status'), '')
  } catch (error) {
    setStatus(byId('apps-status'), error.message, 'bad')
  } finally {
    loading = false
  }
}

export function setUpApplications() {
  byId('apps-refresh').addEventListener('click', () => loadApplications())
  byId('apps-search').addEventListener('submit', (event) => {
    event.preventDefault()
    loadApplications()
  })
}
