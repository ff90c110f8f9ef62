// The knowledge base's shapes: documents split into addressed sections (see CONTRACT.md "Section ids").

export interface Section {
  /** The document this section belongs to (its id, e.g. "ningbo-flexible-employment-2021"). */
  docId: string
  /** The document's title, as citations name it. */
  documentTitle: string
  /** "0" preamble, "1".."5" parts, "2.1".. numbered items. */
  id: string
  /** The section's heading text, e.g. "强化资金支持" (for "0", the document title). */
  title: string
  /** Human label for a source line, e.g. "第二部分（一）". */
  label: string
  /** The section's cleaned text (without its heading). */
  text: string
  /** The text split into sentences (ending with 。！？；), in order. */
  sentences: string[]
}

export interface PolicyDocument {
  id: string
  title: string
  city: string
  /** The date the document's figures run to, YYYY-MM (e.g. "2021-04"). */
  figuresAsOf: string
  /** A short hash of the cleaned text: changes whenever what the document says changes. */
  version: string
  sections: Section[]
}

export interface KnowledgeBase {
  documents: PolicyDocument[]
  /** All sections of all documents, in document order. */
  sections: Section[]
  /** Combined version of every document (used in cache keys and the webhook's policyVersion). */
  version: string
  /** Looks a section up by document and id (document optional when ids are unique). */
  section(id: string, docId?: string): Section | undefined
}
