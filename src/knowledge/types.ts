// The knowledge base's shapes: dated documents split into addressed sections (CONTRACT.md "Section ids" and
// "Knowledge that knows time").

export interface Section {
  /** The document this section belongs to (its id, e.g. "ningbo-flexible-employment-2021"). */
  docId: string
  /** The document's title, as citations name it. */
  documentTitle: string
  /** The document's 文号, when it has one. */
  docNumber?: string
  /** The day the document takes effect (YYYY-MM-DD). */
  effective: string
  /** False when the document itself states no date: its dates are the knowledge base's, not to be quoted. */
  datesStated: boolean
  /** The date the document's figures run to (YYYY-MM), when its front matter says. */
  figuresAsOf?: string
  /** From the document's own numbering: "0" preamble, 一、 → "1", （一） → "1.1", 1. → "1.1.1", （1） → "1.1.1.1". */
  id: string
  /** The section's heading text, e.g. "强化资金支持" (for "0", the document title). */
  title: string
  /** Human label for a source line, e.g. "第二部分（一）". */
  label: string
  /** The section's cleaned text (without its heading). */
  text: string
  /** The text split into sentences (ending with 。！？；), in order. */
  sentences: string[]
  /** In a day's view, what the section's document replaces that day (whole documents or their named parts). */
  replaces?: { documentTitle: string; parts: string[] }[]
}

/** What a document replaces: the named sections of another document, or all of it when `sections` is absent. */
export interface Supersession {
  document: string
  sections?: string[]
}

export interface DocumentMeta {
  id: string
  title: string
  issuer: string
  docNumber?: string
  issued: string
  effective: string
  expires?: string
  supersedes: Supersession[]
  datesStated: boolean
  city?: string
  figuresAsOf?: string
}

export interface PolicyDocument extends DocumentMeta {
  /** A short hash of the whole file: changes whenever what the document says (or its dates) change. */
  version: string
  /** Sections that have text of their own, in document order (what answers quote). */
  sections: Section[]
  /** Every heading, text or not (what GET /api/documents lists). */
  outline: { id: string; title: string; label: string }[]
}

export interface KnowledgeBase {
  /** The documents in force (for a view) with only their sections in force. */
  documents: PolicyDocument[]
  /** All sections in force, in document order. */
  sections: Section[]
  /** Identifies exactly this set of sections (cache keys, the webhook's policyVersion). */
  version: string
  /** Looks a section up by id, in the given document or else the first document that has it. */
  section(id: string, docId?: string): Section | undefined
}
