// 资格: the profile as simple controls (未知 = not asked yet), results grouped by status, copyable as plain text.
import { api } from './api.js'
import { citationBlock, citationLine, documentName } from './citations.js'
import { byId, copyText, el, flash, setStatus } from './dom.js'
import { FIELD_LABELS, PROFILE_FIELDS, STATUS_GROUPS, valueLabel } from './labels.js'

let lastCheck = null

function fieldControl(field) {
  const id = `elig-${field.id}`
  if (field.kind === 'bool') {
    const choices = [['', '未知'], ['true', '是'], ['false', '否']]
    return el(
      'fieldset',
      { className: 'field tri' },
      el('legend', {}, field.label),
      el(
        'div',
        { className: 'segmented' },
        choices.map(([value, label]) =>
          el(
            'label',
            {},
            el('input', { type: 'radio', name: field.id, value, checked: value === '', defaultChecked: value === '' }),
            el('span', {}, label),
          ),
        ),
      ),
    )
  }
  const control =
    field.kind === 'enum'
      ? el(
          'select',
          { id, name: field.id },
          el('option', { value: '' }, '未知'),
          field.options.map(([value, label]) => el('option', { value }, label)),
        )
      : el('input', { id, name: field.id, type: 'date' })
  return el(
    'div',
    { className: 'field' },
    el('label', { htmlFor: id }, field.label, field.hint ? el('span', { className: 'muted small' }, `（${field.hint}）`) : null),
    control,
  )
}

function readProfile(form) {
  const data = new FormData(form)
  const profile = {}
  for (const field of PROFILE_FIELDS) {
    const raw = data.get(field.id)
    if (raw === null || raw === '') continue
    profile[field.id] = field.kind === 'bool' ? raw === 'true' : String(raw)
  }
  return profile
}

function profileSummary(profile) {
  const parts = PROFILE_FIELDS.filter((f) => f.id !== 'asOf' && profile[f.id] !== undefined).map(
    (f) => `${f.label}：${valueLabel(f.id, profile[f.id])}`,
  )
  return parts.length ? parts.join('；') : '（没有填写任何情况）'
}

function missingText(missing) {
  return missing.map((id) => FIELD_LABELS[id] || id).join('、')
}

// Results the agent acts on (可以 / 可能可以) open; the long tail (需要再确认 / 文件未涉及 / 不符合) folded to one line each.
const OPEN_STATUSES = new Set(['eligible', 'likely_eligible'])

function resultCard(result) {
  const reasons = Array.isArray(result.reasons) ? result.reasons : []
  const missing = Array.isArray(result.missing) ? result.missing : []
  const citations = Array.isArray(result.citations) ? result.citations : []
  const name = el('h4', {}, result.name || result.programId)
  const body = [
    reasons.length ? el('ul', { className: 'reasons' }, reasons.map((r) => el('li', {}, r))) : null,
    citations.length ? el('div', { className: 'citations' }, citations.map((c) => citationBlock(c))) : null,
  ]
  const missingLine = missing.length
    ? el('p', { className: 'missing' }, el('strong', {}, '还需了解：'), missingText(missing))
    : null
  if (OPEN_STATUSES.has(result.status)) {
    return el('article', { className: `result status-${result.status}` }, name, missingLine, body)
  }
  return el(
    'details',
    { className: `result folded status-${result.status}` },
    el('summary', {}, name, missingLine),
    body,
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

function renderResults(profile, results) {
  lastCheck = { profile, results }
  const groups = STATUS_GROUPS.map((g) => ({ ...g, items: results.filter((r) => r.status === g.status) })).filter(
    (g) => g.items.length > 0,
  )
  const toAsk = nextQuestions(results)
  byId('elig-groups').replaceChildren(
    el('p', { className: 'muted small profile-line' }, `按以下情况判断：${profileSummary(profile)}`),
    el(
      'div',
      { className: 'overview' },
      groups.map((g) =>
        el('a', { href: `#group-${g.status}`, className: `badge status-badge-${g.status}`, onClick: jumpTo(g.status) }, `${g.label} ${g.items.length}`),
      ),
    ),
    toAsk.length
      ? el(
          'p',
          { className: 'next-questions' },
          el('strong', {}, '下一步可以问来电人：'),
          toAsk.map(([field, n]) => `${FIELD_LABELS[field] || field}（${n}项）`).join('、'),
        )
      : null,
    ...groups.map((g) =>
      el(
        'section',
        { className: `group group-${g.status}`, id: `group-${g.status}` },
        el(
          'h3',
          {},
          el('span', { className: `badge status-badge-${g.status}` }, g.label),
          el('span', { className: 'count' }, `${g.items.length} 项`),
          g.hint ? el('span', { className: 'muted small' }, g.hint) : null,
        ),
        g.items.map(resultCard),
      ),
    ),
  )
  byId('elig-result').hidden = false
  byId('elig-empty').hidden = true
  byId('elig-copied').textContent = ''
}

// The page's hash names the tab, so status links scroll instead of navigating.
function jumpTo(status) {
  return (event) => {
    event.preventDefault()
    document.getElementById(`group-${status}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' })
  }
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

export function setUpEligibility() {
  const form = byId('elig-form')
  byId('elig-fields').replaceChildren(...PROFILE_FIELDS.map(fieldControl))
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const profile = readProfile(form)
    const button = form.querySelector('button[type=submit]')
    button.disabled = true
    setStatus(byId('elig-status'), '正在检查…', 'busy')
    try {
      const { results } = await api('/api/eligibility', { method: 'POST', body: { profile } })
      renderResults(profile, Array.isArray(results) ? results : [])
      setStatus(byId('elig-status'), '')
    } catch (error) {
      setStatus(byId('elig-status'), error.message, 'bad')
    } finally {
      button.disabled = false
    }
  })
  form.addEventListener('reset', () => {
    lastCheck = null
    byId('elig-result').hidden = true
    byId('elig-empty').hidden = false
    setStatus(byId('elig-status'), '')
  })
  byId('elig-copy').addEventListener('click', async () => {
    if (!lastCheck) return
    const ok = await copyText(eligibilityText(lastCheck.profile, lastCheck.results))
    flash(byId('elig-copied'), ok ? '已复制' : '复制失败，请手动选中文字复制', ok)
  })
}
