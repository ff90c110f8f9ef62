// Tabs and start-up. Each panel keeps its state while the agent switches between them.
import { focusAsk, setUpAsk } from './ask.js'
import { loadApplications, setUpApplications } from './applications.js'
import { setUpEligibility } from './eligibility.js'
import { loadDocuments, setUpDocuments } from './documents.js'
import { loadGaps, setUpGaps } from './gaps.js'

const TABS = ['ask', 'eligibility', 'applications', 'gaps', 'documents']
const ON_SHOW = { ask: focusAsk, applications: loadApplications, gaps: loadGaps, documents: loadDocuments }

function show(name) {
  if (!TABS.includes(name)) name = 'ask'
  for (const tab of TABS) {
    const selected = tab === name
    const button = document.getElementById(`tab-${tab}`)
    button.setAttribute('aria-selected', String(selected))
    button.tabIndex = selected ? 0 : -1
    document.getElementById(`panel-${tab}`).hidden = !selected
  }
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`)
  ON_SHOW[name]?.()
}

function setUpTabs() {
  for (const tab of TABS) {
    const button = document.getElementById(`tab-${tab}`)
    button.addEventListener('click', () => show(tab))
    button.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
      if (!step) return
      const next = TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length]
      show(next)
      document.getElementById(`tab-${next}`).focus()
    })
  }
  window.addEventListener('hashchange', () => show(location.hash.slice(1)))
}

/** Which document the answers come from, and whether the service is up (/healthz needs no token). */
async function showHealth() {
  const node = document.getElementById('health')
  try {
    const res = await fetch('/healthz')
    const health = await res.json()
    const docs = Array.isArray(health.documents) ? health.documents : []
    node.textContent = docs.length ? `依据：${docs.map((d) => `《${d}》`).join('')}` : ''
    node.title = health.policyVersion ? `文件版本 ${health.policyVersion}` : ''
    node.classList.toggle('bad', !health.ok)
  } catch {
    node.textContent = '服务暂时连不上'
    node.classList.add('bad')
  }
}

// Operators leave the applications tab open: keep it current without a click.
const APPLICATIONS_REFRESH_MS = 30_000
setInterval(() => {
  if (!document.hidden && !document.getElementById('panel-applications').hidden) loadApplications({ quiet: true })
}, APPLICATIONS_REFRESH_MS)

setUpAsk()
setUpEligibility()
setUpApplications()
setUpGaps()
setUpDocuments()
setUpTabs()
show(location.hash.slice(1))
showHealth()
