// The short report printed after an import: where the file went, where its title and issuer came from, what
// was cleaned and which headings were found.
import type { CleanCounts } from './clean.js'
import type { HeadingCounts } from './to-markdown.js'

export interface ImportReport {
  written: string
  title: string
  titleFrom: 'source' | 'given'
  issuer: string
  issuerFrom: 'source' | 'given' | 'none'
  docNumber?: string
  cleaned: CleanCounts
  headings: HeadingCounts
  sections: string[]
}

const MARKERS = ['一、', '（一）', '1.', '（1）'] as const

export function formatReport(r: ImportReport): string {
  const c = r.cleaned
  const headingTotal = r.headings[1] + r.headings[2] + r.headings[3] + r.headings[4]
  const byLevel = ([1, 2, 3, 4] as const).filter((l) => r.headings[l]).map((l) => `${MARKERS[l - 1]} ${r.headings[l]}`)
  return [
    `wrote ${r.written}`,
    `  title: ${r.title} (${r.titleFrom === 'given' ? '--title' : "the source's first line"})`,
    `  issuer: ${r.issuer} (${r.issuerFrom === 'given' ? '--issuer' : r.issuerFrom === 'source' ? 'found in the source' : 'not in the source: give --issuer or edit the front matter'})${r.docNumber ? `; 文号: ${r.docNumber}` : ''}`,
    `  cleaned: ${c.pageNumbers} page numbers, ${c.headers} running headers/footers, ${c.linesJoined} lines joined, ${c.spaces} spaces removed, ${c.marks} stray marks removed`,
    `  headings: ${headingTotal} found${byLevel.length ? ` (${byLevel.join(', ')})` : ''}; sections ${r.sections.join(' ')}`,
  ].join('\n')
}
