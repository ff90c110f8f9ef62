// 文件: every policy document file (GET /api/documents), its status on a day (today, or the day picked), what it
// supersedes, which of its sections another document has replaced, and the files rejected with their errors.
import { api } from './api.js'
import { byId, el, setStatus, shortTime } from './dom.js'
import { DOCUMENT_STATUS_LABELS } from './labels.js'

// The day picked (YYYY-MM-DD), or '' for today; each load is numbered so only the newest one is shown.
let chosenDay = ''
let latestLoad = 0

const statusLabel = (status) => DOCUMENT_STATUS_LABELS[status] || status

function badge(status) {
  return el('span', { className: `badge doc-status doc-${status}` }, statusLabel(status))
}

/** 《title》 for a loaded document id; the id itself when no document by that id is loaded. */
function documentName(id, byDocId) {
  const doc = byDocId.get(id)
  return doc?.title ? `《${doc.title}》` : id
}

function supersedesLine(entry, byDocId) {
  const loaded = byDocId.has(entry.document)
  const sections = Array.isArray(entry.sections) && entry.sections.length ? entry.sections : null
  return el(
    'li',
    {},
    documentName(entry.document, byDocId),
    sections ? ` 第 ${sections.join('、')} 节` : ' 全文',
    loaded ? null : el('span', { className: 'muted' }, '（这份文件还没有载入，载入后即替代）'),
  )
}

function meta(doc) {
  const rows = [
    ['文号', doc.docNumber || '无'],
    ['发文单位', doc.issuer],
    ['成文日期', doc.issued],
    ['施行日期', doc.effective],
    ['失效日期', doc.expires || '未规定'],
    ['文件', doc.file],
  ].filter(([, value]) => value)
  return el('dl', { className: 'kv doc-meta' }, rows.map(([label, value]) => [el('dt', {}, label), el('dd', { dataset: { field: label } }, value)]))
}

function sectionsBlock(doc, byDocId) {
  const sections = Array.isArray(doc.sections) ? doc.sections : []
  if (!sections.length) return null
  const replaced = sections.filter((s) => s.supersededBy)
  return [
    replaced.length
      ? el(
          'ul',
          { className: 'doc-replaced' },
          replaced.map((s) => el('li', { dataset: { section: s.id } }, `${s.id} 已被${documentName(s.supersededBy, byDocId)}替代`)),
        )
      : null,
    el(
      'details',
      { className: 'doc-sections' },
      el('summary', {}, `章节（${sections.length}）`),
      el(
        'ol',
        { className: 'doc-section-list' },
        sections.map((s) =>
          el(
            'li',
            { className: s.supersededBy ? 'replaced' : undefined, dataset: { section: s.id } },
            el('span', { className: 'doc-section-id' }, s.id),
            el('span', {}, s.title || ''),
            s.supersededBy ? el('span', { className: 'doc-section-note' }, `已被${documentName(s.supersededBy, byDocId)}替代`) : null,
          ),
        ),
      ),
    ),
  ]
}

/** A rejected file: its error in full, and whether its last good version still serves. */
function rejectedBlock(doc) {
  return el(
    'div',
    { className: 'doc-problem' },
    el('p', { className: 'doc-error' }, doc.error || ''),
    el(
      'p',
      { className: 'small' },
      doc.serving
        ? `改正之前，仍按这个文件上一次正确的版本答复（该版本${statusLabel(doc.serving)}）。`
        : '这个文件没有载入，答复不会用到它。改正后几秒内自动载入。',
    ),
  )
}

function documentCard(doc, byDocId) {
  const supersedes = Array.isArray(doc.supersedes) ? doc.supersedes : []
  return el(
    'article',
    { className: `card doc doc-card-${doc.status}`, dataset: { id: doc.id || '', file: doc.file || '', status: doc.status } },
    el(
      'header',
      { className: 'doc-head' },
      badge(doc.status),
      doc.serving ? el('span', { className: 'muted small' }, `上一版${statusLabel(doc.serving)}`) : null,
      el('h3', { className: 'doc-title' }, doc.title ? `《${doc.title}》` : doc.file),
    ),
    doc.status === 'rejected' ? rejectedBlock(doc) : null,
    doc.id ? meta(doc) : null,
    supersedes.length
      ? el('div', { className: 'doc-supersedes' }, el('h4', {}, '替代'), el('ul', {}, supersedes.map((s) => supersedesLine(s, byDocId))))
      : null,
    sectionsBlock(doc, byDocId),
  )
}

function countsLine(documents) {
  const by = new Map()
  for (const d of documents) by.set(d.status, (by.get(d.status) || 0) + 1)
  return [`共 ${documents.length} 份`, ...[...by].map(([status, n]) => `${statusLabel(status)} ${n}`)].join(' · ')
}

function render(data) {
  const documents = Array.isArray(data?.documents) ? data.documents : []
  const warnings = Array.isArray(data?.warnings) ? data.warnings : []
  const byDocId = new Map(documents.filter((d) => d.id).map((d) => [d.id, d]))
  byId('docs-asof').value = data?.asOf || ''
  byId('docs-day').textContent = data?.asOf ? `${data.asOf}${chosenDay ? '' : '（今天）'}的状态` : ''
  byId('docs-counts').textContent = documents.length ? countsLine(documents) : ''
  byId('docs-list').replaceChildren(...documents.map((d) => documentCard(d, byDocId)))
  byId('docs-empty').hidden = documents.length > 0
  byId('docs-warnings').replaceChildren(...warnings.map((w) => el('li', {}, w)))
  byId('docs-warnings-box').hidden = warnings.length === 0
  byId('docs-updated').textContent = `更新于 ${shortTime(new Date().toISOString())}`
}

export async function loadDocuments() {
  const load = ++latestLoad
  setStatus(byId('docs-status'), '正在加载…', 'busy')
  try {
    const data = await api(chosenDay ? `/api/documents?asOf=${encodeURIComponent(chosenDay)}` : '/api/documents')
    if (load !== latestLoad) return
    render(data)
    setStatus(byId('docs-status'), '')
  } catch (error) {
    if (load !== latestLoad) return
    setStatus(byId('docs-status'), error.message, 'bad')
  }
}

export function setUpDocuments() {
  byId('docs-refresh').addEventListener('click', () => loadDocuments())
  byId('docs-asof').addEventListener('change', (event) => {
    chosenDay = event.target.value
    loadDocuments()
  })
  byId('docs-today').addEventListener('click', () => {
    chosenDay = ''
    loadDocuments()
  })
}
