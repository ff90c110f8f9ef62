// Questions in English: the answer opens with an English line (the direct answer, from the section's gloss in
// knowledge/english.yaml), above the document's own Chinese words and source, so nothing is lost in translation.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { PolicyDocument, Section } from '../knowledge/types.js'
import { parseKnowledgeYaml } from '../knowledge/yaml.js'

/** Glosses are of one document's sections (its id in `document`). */
const glossSchema = z.object({ document: z.string().min(1), sections: z.record(z.string(), z.string().min(1)) })

/** Keyed by `${documentId}#${sectionId}`. */
export type Glosses = ReadonlyMap<string, string>

/** Latin letters make up most of the question's letters: it was asked in English. */
export function isEnglish(question: string): boolean {
  if (!/[A-Za-z]/.test(question)) return false
  const latin = question.match(/[A-Za-z]/g)?.length ?? 0
  const han = question.match(/\p{Script=Han}/gu)?.length ?? 0
  return latin >= 8 && latin > han * 2
}

/** Reads the glosses; every figure in one must be in its section (a gloss restates, it never adds). */
export function loadGlosses(dir: string, documents: readonly PolicyDocument[]): Glosses {
  let raw: string
  try {
    raw = readFileSync(join(dir, 'english.yaml'), 'utf8')
  } catch {
    return new Map()
  }
  const parsed = glossSchema.safeParse(parseKnowledgeYaml(raw))
  if (!parsed.success) throw new Error(`knowledge/english.yaml: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`)
  const { document, sections } = parsed.data
  const doc = documents.find((d) => d.id === document)
  // A document not loaded (removed, or rejected at start-up): its glosses cannot be checked, nor used.
  if (!doc) return new Map()
  for (const [id, gloss] of Object.entries(sections)) {
    const section = doc.sections.find((s) => s.id === id)
    if (!section) throw new Error(`knowledge/english.yaml: no section ${id} in ${document}`)
    const missing = (gloss.match(/\d+(?:\.\d+)?/g) ?? []).find((n) => !section.text.includes(n) && !section.title.includes(n))
    if (missing) throw new Error(`knowledge/english.yaml: section ${id}: the figure ${missing} is not in the section`)
  }
  return new Map(Object.entries(sections).map(([id, gloss]) => [`${document}#${id}`, gloss]))
}

const YES_NO = /^(can|could|may|is|are|am|do|does|will|should)\b/i
const ASKS_UNSTATED = /how much .*(pay|cost|premium|contribut)|premium|documents?|paperwork|where (do|can|should) i|how long|deadline/i

export const ENGLISH_REFUSAL = 'Sorry, the Ningbo policy document does not cover this question, so I cannot answer it.'
export const ENGLISH_REFERRAL = 'For details the document does not give, ask the human-resources office below.'

/** The English first line for a question answered from a section. */
export function englishLine(question: string, section: Pick<Section, 'docId' | 'id'>, glosses: Glosses): string | undefined {
  const gloss = glosses.get(`${section.docId}#${section.id}`)
  if (!gloss) return undefined
  if (ASKS_UNSTATED.test(question)) return `The document does not state that detail. What it says: ${gloss}`
  return `${YES_NO.test(question.trim()) ? 'In short: ' : ''}${gloss}`
}

export const ENGLISH_QUOTE_INTRO = "The document's own words (Chinese), with their source:"
