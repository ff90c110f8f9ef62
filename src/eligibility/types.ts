// The shapes /api/eligibility returns (CONTRACT.md) and what evaluation needs from the knowledge base.
import type { Condition } from './rules.js'

/** CONTRACT.md: not_covered is where the document speaks of other people and is silent on this case. */
export type EligibilityStatus = 'eligible' | 'likely_eligible' | 'ineligible' | 'needs_info' | 'not_covered'

export interface EligibilityCitation {
  /** The document's id. */
  document: string
  documentTitle: string
  sectionId: string
  /** The section's title. */
  title: string
  /** The words of that section the programme rests on, verbatim. */
  quote: string
  /** On the day asked, a document in force replaces this section: the rule rests on words no longer in force. */
  supersededBy?: { document: string; documentTitle: string; docNumber?: string; effective: string }
}

export interface EligibilityResult {
  programId: string
  name: string
  status: EligibilityStatus
  /** Plain Chinese: which condition held, failed or is unknown, with the document's words. */
  reasons: string[]
  /** Profile fields that would decide a needs_info result (empty otherwise). */
  missing: string[]
  citations: EligibilityCitation[]
}

export interface ProgrammeSource {
  section: string
  quote: string
}

/** One dated value of a figure a programme names (its name's 450元), and the words it comes from. */
export interface DatedFigure {
  value: string
  /** In use from this day (YYYY-MM-DD) until a later entry's day. */
  from: string
  document?: string
  section: string
  quote: string
}

export interface Programme {
  id: string
  /** May hold {figure} placeholders: read it through nameOn() (figures.ts). */
  name: string
  /** The name in the chat's one-line-a-programme result (programmes.yaml `short`); {figure} placeholders too. */
  short: string
  /** The figures its name and short name give, each a list of dated values, oldest first. */
  figures?: Record<string, DatedFigure[]>
  /** Where the worker applies through someone else or the document names no route: what to do instead. */
  referral?: string
  /** The sections it rests on, each with the words relied on; these become the citations. */
  sources: ProgrammeSource[]
  /** Set where the document says 符合条件的 / 按规定 without listing the conditions. */
  furtherConditions?: { quote: string }
  /** Why the rule is what it is (documentation for maintainers; never shown to users). */
  why: string
  rule: Condition
}

export interface SectionInfo {
  /** The document's id and title. */
  document: string
  documentTitle: string
  title: string
  /** e.g. "第二部分（一）"; derived from the id when absent. */
  label?: string
}

/** Looks a section of the programmes' document up by id, as it stands on a day (superseded or not). */
export type SectionLookup = (sectionId: string, asOf: string) => (SectionInfo & { supersededBy?: EligibilityCitation['supersededBy'] }) | undefined
