// Loads every policy document in knowledge/ and validates the result at start-up.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parsePolicyDocument } from './parse-document.js'
import type { KnowledgeBase, PolicyDocument, Section } from './types.js'

const SECTION_ID = /^\d+(\.\d+)?$/

/** Policy documents are the *.md files of the knowledge directory that start with YAML front matter. */
export function loadKnowledgeBase(dir: string): KnowledgeBase {
  const files = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort()
  const documents = files.map((f) => parsePolicyDocument(readFileSync(join(dir, f), 'utf8'), f))
  return buildKnowledgeBase(documents)
}

export function buildKnowledgeBase(documents: PolicyDocument[]): KnowledgeBase {
  if (documents.length === 0) throw new Error('knowledge: no policy document found')
  const docIds = new Set<string>()
  for (const doc of documents) {
    if (docIds.has(doc.id)) throw new Error(`knowledge: duplicate document id ${doc.id}`)
    docIds.add(doc.id)
    validateSections(doc)
  }
  const sections = documents.flatMap((d) => d.sections)
  const byKey = new Map(sections.map((s) => [`${s.docId}#${s.id}`, s]))
  const version = documents.length === 1
    ? documents[0].version
    : createHash('sha256').update(documents.map((d) => `${d.id}:${d.version}`).join('|')).digest('hex').slice(0, 12)
  return {
    documents,
    sections,
    version,
    section(id: string, docId?: string): Section | undefined {
      if (docId) return byKey.get(`${docId}#${id}`)
      return sections.find((s) => s.id === id)
    },
  }
}

function validateSections(doc: PolicyDocument): void {
  const seen = new Set<string>()
  for (const s of doc.sections) {
    if (!SECTION_ID.test(s.id)) throw new Error(`knowledge: ${doc.id} has a malformed section id ${s.id}`)
    if (seen.has(s.id)) throw new Error(`knowledge: ${doc.id} has section ${s.id} twice`)
    if (s.sentences.length === 0) throw new Error(`knowledge: ${doc.id} section ${s.id} is empty`)
    seen.add(s.id)
  }
  if (!seen.has('0')) throw new Error(`knowledge: ${doc.id} has no preamble (section 0)`)
  // Items need their part: 3.1 without 3 means a heading was lost in cleaning.
  for (const id of seen) {
    const part = id.split('.')[0]
    if (id.includes('.') && !seen.has(part)) throw new Error(`knowledge: ${doc.id} has ${id} but no part ${part}`)
  }
}
