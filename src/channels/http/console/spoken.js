// The spoken version of an answer: the direct answer line (docs/conversations.md: every answer opens with it) in
// plain sentences an agent can read out: no section numbers, no 【来源】, no statistics unless a figure was asked.
import { citationLine, documentName } from './citations.js'

// A sentence that is a statistic: a figure of money, people, firms or a share (4.76亿元, 6.17万人, 67.6%).
const STATISTIC = /\d[\d.,]*\s*(?:亿|万|千)?\s*(?:元|人次|人(?!社)|家|户|件|个|%|％)|\d[\d.]*\s*(?:%|％)/
// The question asks for a figure: then figures stay.
const ASKS_FIGURE = /多少|几[个万千百年岁月天]|金额|数量|比例|人数|多大|多高|额度|标准是|几成/
// A dated preamble the document opens its sentences with: 2020年7月，出台《…》，
const PREAMBLE = /^(?:(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来|起|底|初)?，?)(?:(?:先后|还|又)?(?:出台|印发|制定|发布)《[^》]*》，)?/
const SECTION_REF = /(?:第[一二三四五六七八九十百]+部分(?:（[一二三四五六七八九十]+）)?|第[一二三四五六七八九十百]+条|[（(]\s*[一二三四五六七八九十]+\s*[)）])/g
const SOURCE = /【来源[^】]*】/g

function sentences(text) {
  return (text.match(/[^。！？!?；;]+[。！？!?；;]?/g) || []).map((s) => s.trim()).filter(Boolean)
}

function clean(sentence) {
  return sentence.replace(SOURCE, '').replace(SECTION_REF, '').replace(PREAMBLE, '').replace(/\s{2,}/g, ' ').trim()
}

function plain(text, keepFigures) {
  return sentences(text)
    .map(clean)
    .filter((s) => s && !/^[，。；：、]+$/.test(s))
    .filter((s) => keepFigures || !STATISTIC.test(s))
}

/** The lines of the API answer: the direct line, the quoted lines (before each 【来源】), and the notes after them. */
export function answerParts(answer) {
  const lines = String(answer || '').split('\n').map((l) => l.trim()).filter(Boolean)
  const direct = lines[0] || ''
  let lastSource = -1
  lines.forEach((line, i) => {
    if (line.startsWith('【来源')) lastSource = i
  })
  const quote = lastSource > 0 ? lines.slice(1, lastSource + 1).filter((l) => !l.startsWith('【来源')) : []
  const notes = lastSource >= 0 ? lines.slice(lastSource + 1) : lines.slice(1)
  return { direct, quote, notes }
}

/** Plain sentences to read out to the caller. */
export function spokenVersion(question, result) {
  const keepFigures = ASKS_FIGURE.test(question || '')
  const { direct, quote, notes } = answerParts(result?.answer)
  // 可以：允许… reads better as 可以，允许…; 文件写的是：… as the thing itself.
  let head = direct.replace(/^(可以|不可以|不能|能|不是|是|要看条件|需要看条件)：/, '$1，').replace(/^文件写的是：/, '')
  const spoken = []
  const intro = /它写的是：$|写的是：$|：$/.test(head)
  head = head.replace(/它写的是：$|写的是：$|：$/, '').trim()
  spoken.push(...plain(head, keepFigures))
  if (intro || spoken.length === 0) {
    // The line points at the quote (文件没有写…。它写的是：): read out its first plain sentence.
    const first = plain(quote.join(''), keepFigures)[0]
    if (first) spoken.push(spoken.length ? `文件里写的是：${first}` : first)
  }
  for (const note of notes) {
    if (/^（文件中的数据/.test(note)) continue // a statistics date: nothing to read out once the figures are gone
    spoken.push(...plain(note, keepFigures))
  }
  if (spoken.length === 0) spoken.push('文件没有直接说到这一点，请按下面的原文回答。')
  return spoken.reduce((text, s) => (text && /[.;:!?,]$/.test(text) ? `${text} ${s}` : text + s), '')
}

/** 来源 line(s) for pasting: 《文件》第三部分（一） 标题, with the document's 文号 when it has one: 《文件》（文号）第一部分（一） 标题. */
export function sourcesLine(result) {
  const citations = Array.isArray(result?.citations) ? result.citations : []
  const seen = new Set()
  const parts = []
  for (const c of citations) {
    const line = `${documentName(c)}${citationLine(c)}`
    if (line && !seen.has(line)) {
      seen.add(line)
      parts.push(line)
    }
  }
  return parts.length ? `来源：${parts.join('；')}` : ''
}

/** What 复制 puts on the clipboard: the spoken version, then its 来源. */
export function spokenCopy(question, result) {
  return [spokenVersion(question, result), sourcesLine(result)].filter(Boolean).join('\n')
}

/** The answer only partly answers (the document is silent on the asked detail). */
export function isPartial(result) {
  return Boolean(result && !result.outOfScope && /^文件(?:里)?没有(?:写|说|提到|规定)/.test(answerParts(result.answer).direct))
}
