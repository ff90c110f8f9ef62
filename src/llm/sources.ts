// The numbered sources a model answers from: only the retrieved sections, best first, within a character
// budget so the whole prompt stays at a few thousand characters.
import type { Section } from '../knowledge/types.js'
import type { Retrieval, RetrievedSection } from '../answer/types.js'

export interface PromptSource {
  /** The id the model cites, e.g. "3.2". */
  id: string
  section: Section
  /** Exactly the text shown to the model (heading line and body). */
  text: string
}

export interface SourceOptions {
  /** At most this many sections. */
  maxSources?: number
  /** At most this many characters of sources in all. */
  maxChars?: number
  /** Drop sections scoring below this share of the best one: weak matches only invite padding. */
  minRelativeScore?: number
}

export function selectSources(retrieval: Retrieval, options: SourceOptions = {}): PromptSource[] {
  const maxSources = options.maxSources ?? 4
  const maxChars = options.maxChars ?? 2400
  const minRelative = options.minRelativeScore ?? 0.3
  const top = retrieval.results[0]?.score ?? 0
  // What the parts of a several-asks question lead to comes right after the best section, however low the
  // whole question scores it: each ask gets its source.
  const asked = retrieval.alsoAsked ?? []
  const candidates = retrieval.results.length ? [retrieval.results[0], ...asked, ...retrieval.results.slice(1)] : []
  const sources: PromptSource[] = []
  let used = 0
  for (const result of candidates) {
    if (sources.length >= maxSources) break
    if (result.score < top * minRelative && !asked.includes(result)) continue
    if (sources.some((s) => s.section === result.section)) continue
    // Ids must be unambiguous to the model: a section whose id a section of another document already shown has
    // is numbered with its document's place among the documents shown (2:1.1).
    const clash = sources.some((s) => s.section.id === result.section.id)
    const id = clash ? `${documentOrdinal(sources, result.section.docId)}:${result.section.id}` : result.section.id
    const heading = `[${id}] ${result.section.label} ${result.section.title}`
    const body = fitBody(result, maxChars - used - heading.length - 2)
    if (!body) break
    const text = `${heading}\n${body}`
    sources.push({ id, section: result.section, text })
    used += text.length + 2
  }
  return sources
}

/** 1 for the first document the sources show, 2 for the next, …; a document not shown yet comes next. */
function documentOrdinal(sources: PromptSource[], docId: string): number {
  const documents = [...new Set(sources.map((s) => s.section.docId))]
  const at = documents.indexOf(docId)
  return (at < 0 ? documents.length : at) + 1
}

/** The whole section if it fits, else its best sentences in document order, else nothing. */
function fitBody(result: RetrievedSection, budget: number): string {
  const whole = result.section.text.replace(/\s*\n\s*/g, '')
  if (whole.length <= budget) return whole
  const chosen: { index: number; text: string }[] = []
  let length = 0
  for (const s of result.sentences) {
    if (length + s.text.length > budget) continue
    chosen.push({ index: s.index, text: s.text })
    length += s.text.length
  }
  return chosen.sort((a, b) => a.index - b.index).map((s) => s.text).join('')
}

/** The sources as one block for the prompt, separated by blank lines. */
export function formatSources(sources: PromptSource[]): string {
  return sources.map((s) => s.text).join('\n\n')
}
