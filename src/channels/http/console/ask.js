// 问答: ask, read the answer at a glance, open its sources, copy the answer exactly as the API gives it.
import { api } from './api.js'
import { citationBlock } from './citations.js'
import { byId, copyText, el, flash, setStatus } from './dom.js'

const RECENT_KEY = 'console.recentQuestions'
const RECENT_MAX = 10

let lastAnswer = null
let asking = false

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

function renderAnswer(question, result) {
  lastAnswer = result
  const scope = byId('ask-scope')
  if (result.outOfScope) {
    scope.textContent = '文件未覆盖'
    scope.className = 'badge warn'
  } else {
    scope.textContent = '有文件依据'
    scope.className = 'badge ok'
  }
  byId('ask-mode').textContent = result.outOfScope ? '政策文件没有回答这个问题' : result.mode === 'llm' ? '模型据原文整理' : '文件原文摘录'
  byId('ask-asked').textContent = `问：${question}`
  byId('ask-answer').textContent = result.answer
  byId('ask-result').classList.toggle('out-of-scope', Boolean(result.outOfScope))
  byId('ask-result').hidden = false
  byId('ask-copied').textContent = ''

  const citations = Array.isArray(result.citations) ? result.citations : []
  byId('ask-citations').replaceChildren(...citations.map((c) => citationBlock(c)))
  byId('ask-sources').hidden = citations.length === 0
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
    const result = await api('/api/ask', { method: 'POST', body: { question: text } })
    renderAnswer(text, result)
    setStatus(byId('ask-status'), '')
    saveRecent(text)
  } catch (error) {
    setStatus(byId('ask-status'), error.message, 'bad')
  } finally {
    asking = false
    byId('ask-submit').disabled = false
    box.focus()
    box.select()
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
  byId('ask-copy').addEventListener('click', async () => {
    if (!lastAnswer) return
    const ok = await copyText(lastAnswer.answer)
    flash(byId('ask-copied'), ok ? '已复制' : '复制失败，请手动选中文字复制', ok)
  })
  renderRecent()
}

export function focusAsk() {
  byId('ask-question').focus()
}
