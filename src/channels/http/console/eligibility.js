// 资格: the profile as simple controls (未知 = not asked yet); the result a short list (eligibility-list.js),
// copyable as plain text (eligibility-text.js).
import { api } from './api.js'
import { byId, copyText, el, flash, setStatus } from './dom.js'
import { eligibilityResult } from './eligibility-list.js'
import { eligibilityText } from './eligibility-text.js'
import { PROFILE_FIELDS } from './labels.js'

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

function renderResults(profile, results) {
  lastCheck = { profile, results }
  byId('elig-groups').replaceChildren(...eligibilityResult(profile, results))
  byId('elig-result').hidden = false
  byId('elig-empty').hidden = true
  byId('elig-copied').textContent = ''
  // At phone width the form fills the screen: bring the short result into view when its top is out of sight.
  const top = byId('elig-result').getBoundingClientRect().top
  if (top < 0 || top > window.innerHeight - 160) byId('elig-result').scrollIntoView({ block: 'start' })
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
      setStatus(byId('elig-status'), '') // first: the line going away would shift the result after it is scrolled to
      renderResults(profile, Array.isArray(results) ? results : [])
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
