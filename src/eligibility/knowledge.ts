// Wires eligibility to the knowledge base: section lookups for citations (as they stand on a day) and loading
// the data files of knowledge/. Programmes rest on one document, named in programmes.yaml's `document`.
import { join } from 'node:path'
import type { Corpus } from '../knowledge/corpus.js'
import { supersededBy, supersessionsOn } from '../knowledge/in-force.js'
import type { PolicyDocument } from '../knowledge/types.js'
import { loadProgrammes, programmesDocument } from './load.js'
import { loadProfileFields, type ProfileFieldSpec } from './profile-fields.js'
import { loadReferrals, type Referral } from './referrals.js'
import type { Programme, SectionLookup } from './types.js'

/** Sections of `documentId` in the corpus as it is at the call (it may be reloaded), superseded on the day or not. */
export function sectionLookup(corpus: () => Corpus, documentId: string): SectionLookup {
  // The programmes were checked against this version; if the file is later removed, their citations still hold.
  const checked = corpus().documents.find((d) => d.id === documentId)
  // Asked for each source of each programme a result cites: the day's supersessions are worked out once per corpus and day.
  let last: { corpus: Corpus; asOf: string; superseded: ReturnType<typeof supersessionsOn> } | undefined
  const supersededOn = (current: Corpus, asOf: string) => {
    if (last?.corpus !== current || last.asOf !== asOf) last = { corpus: current, asOf, superseded: supersessionsOn(current.documents as PolicyDocument[], asOf) }
    return last.superseded
  }
  return (id, asOf) => {
    const current = corpus()
    const { documents } = current
    const doc = documents.find((d) => d.id === documentId) ?? checked
    const s = doc?.sections.find((x) => x.id === id)
    if (!doc || !s) return undefined
    const info = { document: doc.id, documentTitle: doc.title, title: s.title, label: s.label }
    const byId = supersededBy(doc.id, id, supersededOn(current, asOf))
    const by = byId ? documents.find((d) => d.id === byId) : undefined
    if (!by) return info
    return { ...info, supersededBy: { document: by.id, documentTitle: by.title, ...(by.docNumber ? { docNumber: by.docNumber } : {}), effective: by.effective } }
  }
}

export interface EligibilityKnowledge {
  programmes: Programme[]
  fields: ProfileFieldSpec[]
  sections: SectionLookup
  /** What to say to a request no form takes (training, titles, the platform's accident insurance). */
  referrals: Referral[]
}

/** Loads knowledge/programmes.yaml and knowledge/profile-fields.yaml, checking every quote against its document. */
export function loadEligibilityKnowledge(dir: string, corpus: () => Corpus, knownProgrammeIds?: readonly string[]): EligibilityKnowledge {
  const file = join(dir, 'programmes.yaml')
  const documentId = programmesDocument(file)
  const doc = corpus().documents.find((d) => d.id === documentId)
  if (!doc) throw new Error(`${file}: its document ${documentId} is not loaded (knowledge/documents/)`)
  const sectionText = (id: string) => doc.sections.find((s) => s.id === id)?.text
  const programmes = loadProgrammes(file, {
    sectionIds: doc.sections.map((s) => s.id),
    sectionText,
    otherSectionText: (docId, id) => corpus().documents.find((d) => d.id === docId)?.sections.find((s) => s.id === id)?.text,
    ...(knownProgrammeIds ? { knownProgrammeIds } : {}),
  })
  const referrals = loadReferrals(join(dir, 'programmes.referrals.yaml'), programmes, sectionText)
  return { programmes, fields: loadProfileFields(join(dir, 'profile-fields.yaml')), sections: sectionLookup(corpus, documentId), referrals }
}
