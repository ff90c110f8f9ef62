// 问答: one call at a time. Its questions and answers stay in a list (newest at the bottom, kept in sessionStorage
// so a reload loses nothing) until 新来电; the chosen answer shows a spoken version to read out, then the quote and
// its sources. 复制 copies the spoken version with 来源, 复制原文 the API's answer as it is; 答得不对 flags it.
// 按日期 (empty = today) asks as of another day: the answer then comes from the documents in force that day, and
// its entry keeps the day (on the card, in the list, in what 复制 puts on the clipboard) until 新来电 clears it.
import { api } from './api.js'
import { citationBlock } from './citations.js'
import { byId, copyText, el, flash, setStatus } from './dom.js'
import { isPartial, sourcesLine, spokenCopy, spokenVersion } from './spoken.js'

const RECENT_KEY = 'console.recentQuestions'
const RECENT_MAX = 10
const CALL_KEY = 'console.call'
const CALL_MAX = 50

let asking = false
/** { startedAt, items: [{ id, question, result, at, flagged, asOf? }], selected, asOf } (asOf '' = today) */
let call = loadCall()

function newCall() {
  return { startedAt: new Date().toISOString(), items: [], selected: null, asOf: '' }
}

/** A day as the date input gives it (YYYY-MM-DD), or '' (today). Hoisted: loadCall runs before the consts below. */
function validDay(day) {
  return typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : ''
}

/** 2024-06-30 -> 按2024年6月30日的规定 */
function dayLabel(day) {
  const [y, m, d] = day.split('-')
  return `按${y}年${Number(m)}月${Number(d)}日的规定`
}

/** What a copy of an entry answered as of a day opens with: （按2024年6月30日的规定） */
const withDay = (item, text) => (item.asOf ? `（${dayLabel(item.asOf)}）\n${text}` : text)

function loadCall() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(CALL_KEY) || 'null')
    if (saved && Array.isArray(saved.items)) {
      const items = saved.items.filter((i) => i && typeof i.question === 'string' && i.result && typeof i.result.answer === 'string')
      for (const i of items) if (!validDay(i.asOf)) delete i.asOf
      return { startedAt: saved.startedAt || new Date().toISOString(), items, selected: saved.selected ?? null, asOf: validDay(saved.asOf) }
    }
  } catch {
    // Unreadable: start afresh.
  }
  return newCall()
}

function saveCall() {
  try {
    sessionStorage.setItem(CALL_KEY, JSON.stringify(call))
  } catch {
    // Storage full or disabled: the call still works until the page is reloaded.
  }
}

function loadRecent() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) || '[]')
    return Array.isArray(list) ? list.filter((q) => typeof q === 'string').slice(0, RECENT_MAX) : []
  } catch {
    return []
  }
}

function saveRecent(question) {
  const list = [question, ...loadRecent().filter((q) => q !== question)].slice(0, RECENT_MAX)
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(list))
  } catch {
    // Storage full or disabled: recent questions are a convenience only.
  }
  renderRecent()
}

function renderRecent() {
  const list = loadRecent()
  const ul = byId('ask-recent')
  ul.replaceChildren(
    ...list.map((q) =>
      el('li', {}, el('button', { type: 'button', className: 'link', title: '再问一次', onClick: () => ask(q) }, q)),
    ),
  )
  byId('ask-recent-empty').hidden = list.length > 0
}

function itemById(id) {
  return call.items.find((i) => i.id === id)
}

function selectedItem() {
  return itemById(call.selected) || call.items[call.items.length - 1] || null
}

async function copyInto(text, node) {
  const ok = await copyText(text)
  flash(node, ok ? '已复制' : '复制失败，请手动选中文字复制', ok)
}

function callItem(item, index, showAnswer) {
  const copied = el('span', { className: 'copied', role: 'status' })
  const selected = showAnswer && item.id === selectedItem()?.id
  return el(
    'li',
    {
      className: `call-item${selected ? ' selected' : ''}${item.result.outOfScope ? ' out-of-scope' : ''}${item.flagged ? ' flagged' : ''}`,
      dataset: { id: item.id },
    },
    el(
      'button',
      { type: 'button', className: 'call-q', 'aria-current': selected ? 'true' : undefined, title: '看这条回答', onClick: () => select(item.id) },
      el('span', { className: 'call-n' }, `${index + 1}`),
      el('span', { className: 'call-question' }, item.question),
    ),
    el('p', { className: 'call-spoken' }, spokenVersion(item.question, item.result)),
    el(
      'div',
      { className: 'call-actions' },
      el('button', { type: 'button', className: 'call-copy', title: '复制口语版和来源', onClick: () => copyInto(withDay(item, spokenCopy(item.question, item.result)), copied) }, '复制'),
      el('button', { type: 'button', className: 'call-flag flag-button', disabled: item.flagged, onClick: () => openFlag(item.id) }, item.flagged ? '已标记' : '答得不对'),
      item.asOf ? el('span', { className: 'badge day call-day' }, dayLabel(item.asOf)) : null,
      item.result.outOfScope ? el('span', { className: 'badge warn' }, '文件未覆盖') : isPartial(item.result) ? el('span', { className: 'badge partial' }, '部分回答') : null,
      copied,
    ),
  )
}

function renderCall({ showAnswer = true } = {}) {
  const list = byId('call-list')
  list.replaceChildren(...call.items.map((item, i) => callItem(item, i, showAnswer)))
  byId('call-empty').hidden = call.items.length > 0
  byId('call-count').textContent = call.items.length ? `${call.items.length} 个问题` : ''
  renderAnswer(showAnswer ? selectedItem() : null)
}

function renderAnswer(item) {
  const box = byId('ask-result')
  closeFlag()
  if (!item) {
    box.hidden = true
    byId('ask-sources').hidden = true
    return
  }
  const { question, result } = item
  const scope = byId('ask-scope')
  if (result.outOfScope) {
    scope.textContent = '文件未覆盖'
    scope.className = 'badge warn'
  } else {
    scope.textContent = '有文件依据'
    scope.className = 'badge ok'
  }
  const day = byId('ask-day')
  day.textContent = item.asOf ? dayLabel(item.asOf) : ''
  day.hidden = !item.asOf
  byId('ask-mode').textContent = result.outOfScope ? '政策文件没有回答这个问题' : result.mode === 'llm' ? '模型据原文整理' : '文件原文摘录'
  byId('ask-asked').textContent = `问：${question}`
  byId('ask-spoken').textContent = spokenVersion(question, result)
  byId('ask-source-line').textContent = sourcesLine(result)
  byId('ask-answer').textContent = result.answer
  const flag = byId('ask-flag')
  flag.disabled = Boolean(item.flagged)
  flag.textContent = item.flagged ? '已标记' : '答得不对'
  box.classList.toggle('out-of-scope', Boolean(result.outOfScope))
  box.dataset.id = item.id
  box.hidden = false
  byId('ask-copied').textContent = ''

  const citations = Array.isArray(result.citations) ? result.citations : []
  byId('ask-citations').replaceChildren(...citations.map((c) => citationBlock(c)))
  byId('ask-sources').hidden = citations.length === 0
}

function select(id) {
  if (!itemById(id)) return
  call.selected = id
  saveCall()
  renderCall()
}

function scrollToNewest() {
  const last = byId('call-list').lastElementChild
  last?.scrollIntoView({ block: 'nearest' })
}

/** Starts a fresh call: the list is emptied (the recent questions stay). */
export function startNewCall() {
  call = newCall()
  saveCall()
  renderCall()
  setStatus(byId('ask-status'), '新来电：已清空上一通电话的问答。', 'good')
  setDay('')
  const box = byId('ask-question')
  box.value = ''
  box.focus()
}

/** The day the next questions are asked as of ('' = today), shown on the 按日期 bar. */
function setDay(day) {
  call.asOf = validDay(day)
  saveCall()
  const input = byId('ask-asof')
  if (input.value !== call.asOf) input.value = call.asOf
  byId('ask-day-bar').classList.toggle('set', Boolean(call.asOf))
  byId('ask-asof-clear').hidden = !call.asOf
  byId('ask-asof-note').textContent = call.asOf ? `接下来的问题${dayLabel(call.asOf)}回答` : '不填即按今天的规定'
}

async function ask(question) {
  const text = question.trim()
  if (!text || asking) return
  const box = byId('ask-question')
  box.value = text
  asking = true
  byId('ask-submit').disabled = true
  setStatus(byId('ask-status'), '正在查找…', 'busy')
  try {
    const asOf = call.asOf
    const result = await api('/api/ask', { method: 'POST', body: asOf ? { question: text, asOf } : { question: text } })
    const item = { id: `q${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, question: text, result, at: new Date().toISOString(), flagged: false }
    if (asOf) item.asOf = asOf
    call.items = [...call.items, item].slice(-CALL_MAX)
    call.selected = item.id
    saveCall()
    renderCall()
    scrollToNewest()
    setStatus(byId('ask-status'), '')
    saveRecent(text)
  } catch (error) {
    setStatus(byId('ask-status'), error.message, 'bad')
  } finally {
    asking = false
    byId('ask-submit').disabled = false
    // The question stays selected: typing the next one replaces it.
    box.focus()
    box.select()
  }
}

function openFlag(id) {
  if (id && id !== selectedItem()?.id) select(id)
  const item = selectedItem()
  if (!item || item.flagged) return
  byId('ask-flag-form').hidden = false
  byId('ask-flag-note').value = ''
  byId('ask-flag-note').focus()
}

function closeFlag() {
  byId('ask-flag-form').hidden = true
}

async function sendFlag() {
  const item = selectedItem()
  if (!item) return
  const note = byId('ask-flag-note').value.trim()
  const send = byId('ask-flag-send')
  send.disabled = true
  try {
    const body = { question: item.question, answer: item.result.answer }
    // The maintainers judge a past day's answer by that day's documents.
    const said = [item.asOf ? `（${dayLabel(item.asOf)}回答）` : '', note].filter(Boolean).join(' ')
    if (said) body.note = said
    await api('/api/gaps', { method: 'POST', body })
    item.flagged = true
    saveCall()
    renderCall()
    flash(byId('ask-copied'), '已标记，维护人员会在“缺口”里看到')
  } catch (error) {
    flash(byId('ask-copied'), error.message, false)
  } finally {
    send.disabled = false
  }
}

export function setUpAsk() {
  const box = byId('ask-question')
  byId('ask-form').addEventListener('submit', (event) => {
    event.preventDefault()
    ask(box.value)
  })
  box.addEventListener('keydown', (event) => {
    // Enter while a Chinese IME is composing picks a candidate: never send then.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return
    event.preventDefault()
    ask(box.value)
  })
  byId('ask-copy').addEventListener('click', () => {
    const item = selectedItem()
    if (item) copyInto(withDay(item, spokenCopy(item.question, item.result)), byId('ask-copied'))
  })
  byId('ask-copy-quote').addEventListener('click', () => {
    const item = selectedItem()
    if (item) copyInto(withDay(item, item.result.answer), byId('ask-copied'))
  })
  byId('ask-flag').addEventListener('click', () => openFlag())
  byId('ask-flag-cancel').addEventListener('click', () => {
    closeFlag()
    byId('ask-flag').focus()
  })
  byId('ask-flag-form').addEventListener('submit', (event) => {
    event.preventDefault()
    sendFlag()
  })
  byId('ask-flag-form').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      closeFlag()
      byId('ask-flag').focus()
    }
  })
  byId('ask-asof').addEventListener('change', (event) => setDay(event.target.value))
  byId('ask-asof-clear').addEventListener('click', () => {
    setDay('')
    byId('ask-asof').focus()
  })
  byId('call-new').addEventListener('click', () => startNewCall())
  // Alt+N anywhere on the page: a new call (Ctrl+N belongs to the browser).
  document.addEventListener('keydown', (event) => {
    if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === 'n' || event.key === 'N' || event.code === 'KeyN')) {
      event.preventDefault()
      if (byId('panel-ask').hidden) document.getElementById('tab-ask')?.click()
      startNewCall()
    }
  })
  setDay(call.asOf)
  renderRecent()
  // After a reload the call's list is back; its answer opens again when the agent picks one.
  call.selected = null
  renderCall({ showAnswer: false })
}

export function focusAsk() {
  byId('ask-question').focus()
}
