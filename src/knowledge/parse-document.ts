// Parses one policy document (Markdown with YAML front matter) into addressed sections, from the document's
// own numbering at any depth: "0" the preamble, 一、 → "1", （一） → "1.1", 1. → "1.1.1", （1） → "1.1.1.1"
// (a level the document skips is skipped in the id too). A heading line alone gives the section its title;
// an item that runs on (（一）强化资金支持。将…) takes its first sentence as the title when that is short.
import { createHash } from 'node:crypto'
import { DocumentError, parseFrontMatter, splitFrontMatter } from './front-matter.js'
import { labelFor, matchHeading, type Heading } from './headings.js'
import { splitSentences } from './sentences.js'
import type { PolicyDocument, Section } from './types.js'

/** A run-on item's first sentence is its title only when it reads like one. */
const MAX_TITLE_CHARS = 30

interface Draft {
  id: string
  title: string
  label: string
  line: number
  paragraphs: string[]
}

export function parsePolicyDocument(raw: string, file: string): PolicyDocument {
  const { yaml, body, bodyLine } = splitFrontMatter(raw, file)
  const meta = parseFrontMatter(yaml, file)
  const drafts: Draft[] = [{ id: '0', title: meta.title, label: '前言', line: bodyLine, paragraphs: [] }]
  const path: { level: Heading['level']; ordinal: number }[] = []
  let paragraph: string[] = []
  const endParagraph = () => {
    if (paragraph.length) drafts.at(-1)!.paragraphs.push(paragraph.join(''))
    paragraph = []
  }

  body.split('\n').forEach((rawLine, i) => {
    const line = rawLine.trim()
    if (!line) return endParagraph()
    if (/^#\s/.test(line)) return endParagraph() // the document's title
    const heading = matchHeading(line)
    if (!heading) return void paragraph.push(line.replace(/^#+\s*/, ''))
    endParagraph()
    while (path.length && path.at(-1)!.level >= heading.level) path.pop()
    path.push({ level: heading.level, ordinal: heading.ordinal })
    const { title, text } = splitHeading(heading.rest, /^#/.test(line))
    drafts.push({ id: path.map((p) => p.ordinal).join('.'), title, label: labelFor(path), line: bodyLine + i, paragraphs: text ? [text] : [] })
    if (text) paragraph = [] // the run-on text is a paragraph of its own
  })
  endParagraph()

  const seen = new Map<string, number>()
  for (const d of drafts) {
    const first = seen.get(d.id)
    if (first !== undefined) throw new DocumentError(file, d.line, 'sections', `section ${d.id} (${d.label}) appears twice (first on line ${first})`)
    seen.set(d.id, d.line)
  }
  const base = {
    docId: meta.id,
    documentTitle: meta.title,
    ...(meta.docNumber ? { docNumber: meta.docNumber } : {}),
    effective: meta.effective,
    datesStated: meta.datesStated,
    ...(meta.figuresAsOf ? { figuresAsOf: meta.figuresAsOf } : {}),
  }
  const sections: Section[] = drafts
    .filter((d) => d.paragraphs.length > 0)
    .map((d) => {
      const text = d.paragraphs.join('\n')
      return { ...base, id: d.id, title: d.title, label: d.label, text, sentences: splitSentences(text) }
    })
  if (sections.length === 0) throw new DocumentError(file, bodyLine, 'body', 'has no text')
  const version = createHash('sha256').update(raw).digest('hex').slice(0, 12)
  return { ...meta, version, sections, outline: drafts.filter((d) => d.id !== '0' || d.paragraphs.length).map((d) => ({ id: d.id, title: d.title, label: d.label })) }
}

/** A heading line is all title; a run-on item's short first sentence is its title and the rest its text. */
function splitHeading(rest: string, markdownHeading: boolean): { title: string; text: string } {
  const punctuated = /[。！？；]/.test(rest)
  if (markdownHeading || (!punctuated && rest.length <= MAX_TITLE_CHARS)) return { title: rest.replace(/[。：:]$/, ''), text: '' }
  const first = punctuated ? /^[^。！？；]+[。！？；]/.exec(rest)![0] : rest
  const remainder = rest.slice(first.length).trim()
  if (first.length - 1 <= MAX_TITLE_CHARS && remainder) return { title: first.slice(0, -1), text: remainder }
  // A long first sentence is the item's content: the whole line is its text, titled by its opening words.
  const opening = rest.split(/[，,。；：]/)[0]!
  return { title: opening.length <= MAX_TITLE_CHARS ? opening : `${opening.slice(0, MAX_TITLE_CHARS)}…`, text: rest }
}
