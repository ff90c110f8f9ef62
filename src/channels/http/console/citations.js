// A citation as an expandable block: the section and title to scan, the document's own sentences inside.
import { el } from './dom.js'

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

function chineseNumber(n) {
  if (n < 10) return DIGITS[n]
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`
  return String(n)
}

/**
 * The document's own way of naming a section (CONTRACT.md ids): 0 前言, 3 第三部分, 3.1 第三部分（一）, and deeper
 * 3.1.2 第三部分（一）2., 3.1.2.4 第三部分（一）2.（4）.
 */
export function sectionName(sectionId) {
  const id = String(sectionId ?? '')
  if (id === '0') return '前言'
  const [part, item, point, sub] = id.split('.').map((p) => Number.parseInt(p, 10))
  if (!Number.isInteger(part) || part < 1) return id
  const valid = (n) => Number.isInteger(n) && n > 0
  return [
    `第${chineseNumber(part)}部分`,
    valid(item) ? `（${chineseNumber(item)}）` : '',
    valid(item) && valid(point) ? `${point}.` : '',
    valid(item) && valid(point) && valid(sub) ? `（${sub}）` : '',
  ].join('')
}

/** 《文件标题》（文号） of a citation's document: the 文号 only when the document has one. */
export function documentName(citation) {
  if (!citation?.documentTitle) return ''
  return `《${citation.documentTitle}》${citation.docNumber ? `（${citation.docNumber}）` : ''}`
}

export function citationBlock(citation, { open = false } = {}) {
  return el(
    'details',
    { className: 'citation', open },
    el(
      'summary',
      { title: citation.sectionId ? `章节 ${citation.sectionId}` : undefined },
      el('span', { className: 'cite-id' }, citation.sectionId ? sectionName(citation.sectionId) : ''),
      el('span', { className: 'cite-title' }, citation.title || ''),
    ),
    el('blockquote', { className: 'quote' }, citation.quote || ''),
    citation.documentTitle ? el('p', { className: 'muted small cite-doc' }, `出自：${documentName(citation)}`) : null,
  )
}

/** 来源 line for copied plain text: 第三部分（一）标题. */
export function citationLine(citation) {
  return [citation.sectionId ? sectionName(citation.sectionId) : '', citation.title].filter(Boolean).join(' ')
}
