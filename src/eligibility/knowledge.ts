// Wires eligibility to the knowledge base: section lookups for citations and loading the data files of knowledge/.
import { join } from 'node:path'
import type { KnowledgeBase } from '../knowledge/types.js'
import { loadProgrammes } from './load.js'
import { loadProfileFields, type ProfileFieldSpec } from './profile-fields.js'
import { loadReferrals, type Referral } from './referrals.js'
import type { Programme, SectionLookup } from './types.js'

/** Adapts the knowledge base to the evaluator's section lookup. */
export function sectionLookup(kb: KnowledgeBase): SectionLookup {
  return (id) => {
    const s = kb.section(id)
    return s ? { document: s.documentTitle, title: s.title, label: s.label } : undefined
  }
}

export interface EligibilityKnowledge {
  programmes: Programme[]
  fields: ProfileFieldSpec[]
  sections: SectionLookup
  /** What to say to a request no form takes (training, titles, the platform's accident insurance). */
  referrals: Referral[]
}

/** Loads knowledge/programmes.yaml and knowledge/profile-fields.yaml, checking every quote against the document. */
export function loadEligibilityKnowledge(dir: string, kb: KnowledgeBase, knownProgrammeIds?: readonly string[]): EligibilityKnowledge {
  const programmes = loadProgrammes(join(dir, 'programmes.yaml'), {
    sectionIds: kb.sections.map((s) => s.id),
    sectionText: (id) => kb.section(id)?.text,
    ...(knownProgrammeIds ? { knownProgrammeIds } : {}),
  })
  const referrals = loadReferrals(join(dir, 'programmes.referrals.yaml'), programmes, (id) => kb.section(id)?.text)
  return { programmes, fields: loadProfileFields(join(dir, 'profile-fields.yaml')), sections: sectionLookup(kb), referrals }
}
