// The cleaned paragraphs as a document file: YAML front matter, the title as "# …", a level-1 heading alone
// as "## 一、…", every other paragraph (numbered items included) on its own, separated by blank lines.
import YAML from 'yaml'
import { matchHeading, type Heading } from '../headings.js'
import type { DocumentMeta } from '../types.js'

/** The front matter an import writes: the document's own fields it knows, and where the text came from. */
export type ImportMeta = Pick<DocumentMeta, 'id' | 'title' | 'issuer' | 'docNumber' | 'issued' | 'effective'> & { source: string }

/** Headings found, by level (1: 一、, 2: （一）, 3: 1., 4: （1））. */
export type HeadingCounts = Record<Heading['level'], number>

const MAX_HEADING_CHARS = 40

export function toMarkdown(meta: ImportMeta, paragraphs: string[]): { markdown: string; headings: HeadingCounts } {
  const headings: HeadingCounts = { 1: 0, 2: 0, 3: 0, 4: 0 }
  const body = paragraphs.map((p) => {
    const heading = matchHeading(p)
    if (!heading) return p
    headings[heading.level]++
    const alone = !/[。！？；]/.test(p) && p.length <= MAX_HEADING_CHARS
    return heading.level === 1 && alone ? `## ${p}` : p
  })
  const front = YAML.stringify(
    { id: meta.id, title: meta.title, issuer: meta.issuer, ...(meta.docNumber ? { docNumber: meta.docNumber } : {}), issued: meta.issued, effective: meta.effective, source: meta.source },
    { lineWidth: 0 },
  )
  return { markdown: `---\n${front}---\n\n# ${meta.title}\n\n${body.join('\n\n')}\n`, headings }
}
