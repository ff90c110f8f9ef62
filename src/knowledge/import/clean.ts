// The text repair: what PDF conversion does to a document, undone, and nothing else. Removed: page-number
// lines, running headers and footers (the same short line next to page breaks on several pages), form feeds,
// stray ** and Markdown # marks, spaces inside figures and between Chinese characters. Joined: a line that ends
// mid-sentence with the next (no space between Chinese), across blank lines and page breaks too: conversion
// breaks paragraphs mid-word (a .txt or .docx made from a PDF), so a paragraph ends only where a sentence does.
// Every other character is kept, in order: the result, whitespace aside, is the source minus the damage.
import { matchHeading } from '../headings.js'

export interface CleanCounts {
  pageNumbers: number
  headers: number
  linesJoined: number
  spaces: number
  marks: number
}


/** A page break: a form feed or a page-number line. */
const BREAK = null
type Token = string | typeof BREAK

const PAGE_NUMBER = [
  /^[-－—–~～·•]*\s*\d{1,3}\s*[-－—–~～·•]*$/, // 3, - 3 -, — 3 —
  /^[-－—–~～]*\s*第\s*\d{1,4}\s*页\s*(?:[,，、/]?\s*共\s*\d{1,4}\s*页)?\s*[-－—–~～]*$/, // 第 3 页, 第3页 共10页
  /^共\s*\d{1,4}\s*页\s*[,，、/]?\s*第\s*\d{1,4}\s*页$/,
  /^\d{1,4}\s*\/\s*\d{1,4}$/, // 3/10
  /^page\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i,
]

/** A line that ends a sentence (or a clause that the next line does not continue). */
const SENTENCE_END = /(?:[。！？；：…!?;:][”’"」』）)]*|[”」』])$/
/** Longest line taken for a running header or footer, and how many lines deep from a page break one is looked for. */
const MAX_HEADER_CHARS = 40
const HEADER_DEPTH = 2
/** Longest numbered line taken for a heading alone (its title), when it has no sentence in it. */
const MAX_HEADING_CHARS = 40
const DATE_LINE = /^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)$/
/** A line that is only an office's name, as in the signature at a document's end. */
export const OFFICE_LINE = /^[\u4e00-\u9fff（）()]{2,38}(?:人民政府|办公厅|办公室|委员会|政府|局|厅|委|部|署|中心|总工会|工会|联合会|院)$/

export const isDateLine = (line: string) => DATE_LINE.test(line)

export const noCounts = (): CleanCounts => ({ pageNumbers: 0, headers: 0, linesJoined: 0, spaces: 0, marks: 0 })

/** The source's lines, trimmed, without page numbers, running headers and footers, blank lines and marks. */
export function cleanLines(text: string, counts: CleanCounts): string[] {
  return removeRunningLines(tokenize(text, counts), counts).filter((t): t is string => !!t)
}

/** Lines as paragraphs: broken sentences joined, stray spaces removed. The first line starts a paragraph. */
export function toParagraphs(lines: string[], counts: CleanCounts): string[] {
  return joinLines(lines, counts).map((p) => fixSpaces(p, counts))
}

/** Lines (trimmed, marks removed) and page breaks; a page-number line is a page break. */
function tokenize(text: string, counts: CleanCounts): Token[] {
  const tokens: Token[] = []
  for (const [i, page] of text.replace(/\r\n?/g, '\n').split('\f').entries()) {
    if (i > 0) pushBreak(tokens)
    for (const raw of page.split('\n')) {
      let line = raw.trim()
      const heading = /^#{1,6}\s+/.exec(line)
      if (heading) {
        counts.marks++
        line = line.slice(heading[0].length)
      }
      const stars = line.match(/\*\*/g)?.length ?? 0
      if (stars) {
        counts.marks += stars
        line = line.replace(/\*\*/g, '').trim()
      }
      if (line && PAGE_NUMBER.some((re) => re.test(line))) {
        counts.pageNumbers++
        pushBreak(tokens)
      } else tokens.push(line)
    }
  }
  return tokens
}

/** A page number next to a form feed is one page break, not two. */
function pushBreak(tokens: Token[]): void {
  let i = tokens.length - 1
  while (i >= 0 && tokens[i] === '') i--
  if (i >= 0 && tokens[i] !== BREAK) tokens.push(BREAK)
}

/**
 * A running header or footer is a short line (not a heading, not a sentence) standing at the same place next
 * to at least two page breaks: the first or second line after a break, or the last or second to last before
 * one (the document's end counts as a break). Only those copies are removed, peeled off from the break
 * outwards, so the same words elsewhere (the title in the first line, a signature, a line in the text) stay.
 */
function removeRunningLines(tokens: Token[], counts: CleanCounts): Token[] {
  const breaks = tokens.flatMap((t, i) => (t === BREAK ? [i] : []))
  if (breaks.length === 0) return tokens
  const first = tokens.findIndex((t) => !!t)
  const boundaries = [...breaks, tokens.length]
  /** The indexes of the lines next to a break on one side, nearest first (never the document's first line). */
  const near = (from: number, step: -1 | 1): number[] => {
    const found: number[] = []
    for (let i = from + step; i >= 0 && i < tokens.length && found.length < HEADER_DEPTH; i += step) {
      const t = tokens[i]
      if (t === BREAK || i === first) break
      if (t) found.push(i)
    }
    return found
  }
  const place = (step: number, k: number, i: number) => `${step}:${k}:${tokens[i] as string}`
  const seen = new Map<string, Set<number>>()
  boundaries.forEach((b, n) => {
    for (const step of [-1, 1] as const) {
      near(b, step).forEach((i, k) => seen.set(place(step, k, i), (seen.get(place(step, k, i)) ?? new Set()).add(n)))
    }
  })
  // The title (or its opening words) repeated at the top of later pages is a running header even where there is
  // only one page break to see it at.
  const title = first >= 0 ? squeeze(tokens[first] as string) : ''
  const titleAgain = (t: string) => title !== '' && !SENTENCE_END.test(t) && (squeeze(t) === title || (squeeze(t).length >= 8 && title.startsWith(squeeze(t))))
  const running = (step: number, k: number, i: number) => {
    const t = tokens[i] as string
    if (step === 1 && titleAgain(t)) return true
    return (seen.get(place(step, k, i))?.size ?? 0) >= 2 && t.length <= MAX_HEADER_CHARS && !matchHeading(t) && !SENTENCE_END.test(t)
  }
  const out = [...tokens]
  for (const b of boundaries) {
    for (const step of [-1, 1] as const) {
      for (const [k, i] of near(b, step).entries()) {
        if (!running(step, k, i)) break
        out[i] = ''
        counts.headers++
      }
    }
  }
  return out
}

const squeeze = (line: string) => line.replace(/\s+/g, '')

/**
 * How long a full line of the source is (a line the converter wrapped): the 90th percentile of the lines'
 * lengths. A numbered line that long is an item's text wrapped at the page's edge, not a heading alone.
 */
function fullLineLength(lines: string[]): number {
  const lengths = lines.map((l) => squeeze(l).length).sort((a, b) => b - a)
  return lengths[Math.floor(lengths.length * 0.1)] ?? 0
}

/** Paragraphs: a line that ends mid-sentence runs on into the next unless that one starts a heading. */
function joinLines(lines: string[], counts: CleanCounts): string[] {
  const paragraphs: string[] = []
  const full = fullLineLength(lines)
  let previous = ''
  for (const t of lines) {
    const last = paragraphs.length - 1
    const wrapped = full >= 20 && squeeze(previous).length >= full * 0.8
    previous = t
    if (last >= 0 && runsOn(paragraphs[last]!, t, wrapped)) {
      // Latin words keep a space between them; Chinese has none.
      paragraphs[last] += /[\x21-\x7e]$/.test(paragraphs[last]!) && /^[\x21-\x7e]/.test(t) ? ` ${t}` : t
      counts.linesJoined++
    } else paragraphs.push(t)
  }
  return paragraphs
}

function runsOn(line: string, next: string, wrapped: boolean): boolean {
  if (SENTENCE_END.test(line) || matchHeading(next)) return false
  if (isDateLine(line) || isDateLine(next)) return false
  if (OFFICE_LINE.test(line) && OFFICE_LINE.test(next)) return false // a signature's offices, one a line
  const heading = matchHeading(line)
  // A numbered line with no sentence in it is a heading alone: its text starts below it.
  if (heading && !wrapped && !/[。！？；]/.test(line) && line.length <= MAX_HEADING_CHARS) return false
  return true
}

const CJK_PUNCT = '\u2018\u2019\u201c\u201d\u2026\u2014\u3000-\u303f\ufe30-\ufe4f\uff00-\uffef'
const HAN = '\u3400-\u9fff\uf900-\ufaff'
const HAS_HAN = new RegExp(`[${HAN}]`)
const SPACE_RULES: RegExp[] = [
  new RegExp(`(?<=[${CJK_PUNCT}])\\s+|\\s+(?=[${CJK_PUNCT}])`, 'g'), // next to Chinese punctuation
  new RegExp(`(?<=[${HAN}])\\s+(?=[${HAN}0-9])|(?<=[0-9%])\\s+(?=[${HAN}])`, 'g'), // 宁 波, 2020 年, 共 25 家
  /(?<=\d)\s+(?=\.?\d)|(?<=\d\.)\s+(?=\d)/g, // 4 50, 1. 77, 1 .77
]

/**
 * Spaces that conversion put inside Chinese text and figures, in a paragraph with Chinese in it; a paragraph
 * in Latin script keeps its spaces, and a paragraph's own "1. " numbering is left alone.
 */
function fixSpaces(paragraph: string, counts: CleanCounts): string {
  if (!HAS_HAN.test(paragraph)) return paragraph
  let text = paragraph
  for (const re of SPACE_RULES) {
    text = text.replace(re, (match, offset: number, whole: string) => {
      if (/^\d{1,2}\.$/.test(whole.slice(0, offset))) return match
      counts.spaces++
      return ''
    })
  }
  return text
}
