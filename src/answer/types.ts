// The answer's shapes: what retrieval returns and what /api/ask sends (CONTRACT.md).
import type { Section } from '../knowledge/types.js'

/** The texts answers are built with, from configuration and knowledge. */
export interface AnswerTexts {
  /** Where to send people for what the document does not settle (configuration: REFERRAL_TEXT). */
  referral: string
  /** English glosses of the sections (knowledge/english.yaml), for questions asked in English. */
  glosses?: ReadonlyMap<string, string>
}

export interface Citation {
  /** The document's id (knowledge/documents/<id>.md). */
  document: string
  documentTitle: string
  /** The document's 文号; null when it has none. */
  docNumber: string | null
  /** The day the document took effect (YYYY-MM-DD). */
  effective: string
  sectionId: string
  /** The section's title. */
  title: string
  /** The sentence(s) relied on, verbatim from the document. */
  quote: string
}

export interface Answer {
  /** Plain text, ready to paste: the answer, its 来源 line(s) and the figures-date note. */
  answer: string
  citations: Citation[]
  mode: 'llm' | 'extractive'
  outOfScope: boolean
  /** 0..1, how sure retrieval was; low-confidence answers are logged as gaps. */
  confidence: number
}

export interface ScoredSentence {
  text: string
  /** Position in section.sentences. */
  index: number
  score: number
}

export interface RetrievedSection {
  section: Section
  score: number
  /** The section's best sentences for the question, best first. */
  sentences: ScoredSentence[]
}

export interface Retrieval {
  question: string
  /** The version of the corpus view it was made from (caches of worded answers are keyed by it). */
  knowledgeVersion?: string
  /** Ranked, best first (only sections with a positive score). */
  results: RetrievedSection[]
  outOfScope: boolean
  /** Why it was judged out of scope (for logs and the gaps view). */
  reason?: string
  confidence: number
  /** The document's words the question's own words map to (dictionary), for finding the clause that answers. */
  terms?: string[]
  /** The document's words for the kinds of workers the question names (骑手 → 网络送餐). */
  asker?: string[]
  /** Words of an out-of-scope rule beside an in-scope question: answered, with a line on the part left out. */
  incidental?: { reason: string; words: string }
  /** Sections that parts of a question asking several things lead to, besides the top one (each part's own best sentences). */
  alsoAsked?: RetrievedSection[]
}
