// What is in force on a day (CONTRACT.md "Knowledge that knows time"): a document from its `effective` day to
// its `expires` day, both included; a section unless a document in force that day supersedes it (or its whole
// document). Dates are China's calendar days (YYYY-MM-DD compares as text).
import type { PolicyDocument } from './types.js'

export type DocumentStatus = 'in_force' | 'superseded' | 'expired' | 'not_yet_in_force'

export function inForceOn(doc: Pick<PolicyDocument, 'effective' | 'expires'>, date: string): boolean {
  return doc.effective <= date && (!doc.expires || date <= doc.expires)
}

/** For each document, the sections superseded on `date` and by which document (whole: every section). */
export interface SupersededOn {
  whole: Map<string, string>
  sections: Map<string, Map<string, string>>
}

export function supersessionsOn(documents: PolicyDocument[], date: string): SupersededOn {
  const whole = new Map<string, string>()
  const sections = new Map<string, Map<string, string>>()
  for (const doc of documents) {
    if (!inForceOn(doc, date)) continue
    for (const s of doc.supersedes) {
      if (s.document === doc.id) continue
      if (!s.sections) {
        if (!whole.has(s.document)) whole.set(s.document, doc.id)
        continue
      }
      const bySection = sections.get(s.document) ?? new Map<string, string>()
      for (const id of s.sections) if (!bySection.has(id)) bySection.set(id, doc.id)
      sections.set(s.document, bySection)
    }
  }
  return { whole, sections }
}

export function statusOn(doc: PolicyDocument, date: string, superseded: SupersededOn): DocumentStatus {
  if (date < doc.effective) return 'not_yet_in_force'
  if (doc.expires && date > doc.expires) return 'expired'
  return superseded.whole.has(doc.id) ? 'superseded' : 'in_force'
}

/** The document that supersedes this section on the day, if any. */
export function supersededBy(docId: string, sectionId: string, superseded: SupersededOn): string | undefined {
  return superseded.whole.get(docId) ?? superseded.sections.get(docId)?.get(sectionId)
}
