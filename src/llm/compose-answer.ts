// Turns a grounded model reply into the Answer users see: the model's words without its [x.y] markers, then
// the same 来源 lines, notes and figures date as the extractive answer (its helpers, so both read alike).
import { extractFigures } from '../answer/figures.js'
import { answerFooter, citationFor, sourceLine, type AnswerTexts } from '../answer/extractive.js'
import type { Answer, Citation, Retrieval, RetrievedSection } from '../answer/types.js'
import type { Section } from '../knowledge/types.js'

const MAX_QUOTE_SENTENCES = 3

export interface ComposeInput {
  /** The model's reply, plain text, citation markers removed. */
  body: string
  /** The section ids the reply cited, in order of first use. */
  usedIds: string[]
  retrieval: Retrieval
  texts?: AnswerTexts
  /** The sections shown to the model under the ids it cited: with several documents an id alone is ambiguous. */
  usedSections?: Section[]
}

export function composeLlmAnswer({ body, usedIds, retrieval, texts, usedSections }: ComposeInput): Answer {
  // Citations most relevant first (the contract's order), i.e. by retrieval rank, not by where the reply used them.
  const used = usedSections
    ? retrieval.results.filter((r) => usedSections.includes(r.section))
    : retrieval.results.filter((r, i, all) => usedIds.includes(r.section.id) && all.findIndex((o) => o.section.id === r.section.id) === i)
  const bodyFigures = new Set(extractFigures(body).map((f) => f.value))
  const citations: Citation[] = used.map((r) => citationFor(r.section, quoteSentences(r, bodyFigures)))
  const lines = [
    body,
    ...used.map((r) => sourceLine(r.section)),
    ...answerFooter(retrieval.question, citations, used.map((r) => r.section), texts),
  ]
  return {
    answer: lines.filter(Boolean).join('\n'),
    citations,
    mode: 'llm',
    outOfScope: false,
    confidence: retrieval.confidence,
  }
}

/** The section's sentences the reply relied on: its best match for the question and those holding the reply's figures. */
function quoteSentences(result: RetrievedSection, bodyFigures: Set<string>): string[] {
  const { sentences } = result.section
  const best = result.sentences[0]?.index
  const withFigures = sentences
    .map((text, index) => ({ text, index }))
    .filter(({ text, index }) => index !== best && extractFigures(text).some((f) => bodyFigures.has(f.value)))
  const picked = [...(best === undefined ? [] : [{ text: sentences[best]!, index: best }]), ...withFigures]
    .slice(0, MAX_QUOTE_SENTENCES)
    .sort((a, b) => a.index - b.index)
  return picked.length ? picked.map((s) => s.text) : sentences.slice(0, 1)
}
