// The corpus: every policy document file under KNOWLEDGE_DIR/documents/, each loaded or rejected on its own,
// and views of it on a day (the sections in force then), which retrieval and answers are built from.
// A corpus never changes; a reload makes a new one from the files and the last one (for last good versions).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DocumentError } from './front-matter.js'
import { inForceOn, statusOn, supersededBy, supersessionsOn, type DocumentStatus } from './in-force.js'
import { parsePolicyDocument } from './parse-document.js'
import type { KnowledgeBase, PolicyDocument, Section } from './types.js'

export interface DocumentFile {
  file: string
  /** What serves from this file: its current text, or its last good version while the file is rejected. */
  document?: PolicyDocument
  /** Why the file's current text is rejected: `<file>:<line>: <field>: <reason>`. */
  error?: string
}

/** One row of GET /api/documents. */
export interface DocumentListing {
  id?: string
  title?: string
  issuer?: string
  docNumber?: string | null
  issued?: string
  effective?: string
  expires?: string | null
  supersedes?: PolicyDocument['supersedes']
  sections?: { id: string; title: string; supersededBy?: string }[]
  status: DocumentStatus | 'rejected'
  file: string
  error?: string
  /** A rejected file whose last good version still serves: that version's status. */
  serving?: DocumentStatus
}

export interface Corpus {
  readonly files: readonly DocumentFile[]
  /** The documents that serve (valid, or last good), whatever their dates. */
  readonly documents: readonly PolicyDocument[]
  /** Supersessions naming a document or section that is not loaded (they take effect when it appears). */
  readonly warnings: readonly string[]
  /** The sections in force on a day (YYYY-MM-DD, China's calendar). */
  on(date: string): KnowledgeBase
  list(date: string): DocumentListing[]
}

/** Views are few (one per stretch of days between effective dates): kept by what they hold. */
const MAX_REMEMBERED_DAYS = 256

export const DOCUMENTS_SUBDIR = 'documents'

export function documentsDir(knowledgeDir: string): string {
  return join(knowledgeDir, DOCUMENTS_SUBDIR)
}

/** Reads every *.md under the directory; a file that fails keeps its version from `previous`, if it had one. */
export function loadCorpus(dir: string, previous?: Corpus): Corpus {
  const names = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort() : []
  const files = names.map((file): DocumentFile => {
    try {
      return { file, document: parsePolicyDocument(readFileSync(join(dir, file), 'utf8'), file) }
    } catch (err) {
      const lastGood = previous?.files.find((f) => f.file === file)?.document
      return { file, error: describe(err, file), ...(lastGood ? { document: lastGood } : {}) }
    }
  })
  return buildCorpus(files, names.length ? [] : [`${dir}: no policy documents found`])
}

export function corpusOf(documents: PolicyDocument[]): Corpus {
  return buildCorpus(documents.map((document) => ({ file: `${document.id}.md`, document })), [])
}

function describe(err: unknown, file: string): string {
  if (err instanceof DocumentError) return err.message
  return `${file}:1: file: ${err instanceof Error ? err.message : String(err)}`
}

function buildCorpus(loaded: DocumentFile[], warnings: string[]): Corpus {
  // One document per id: a second file claiming an id already served is rejected.
  const byId = new Map<string, string>()
  const files = loaded.map((f): DocumentFile => {
    if (!f.document) return f
    const owner = byId.get(f.document.id)
    if (owner === undefined) {
      byId.set(f.document.id, f.file)
      return f
    }
    return { file: f.file, error: `${f.file}:2: id: ${f.document.id} is already used by ${owner}` }
  })
  const documents = files.flatMap((f) => (f.document ? [f.document] : []))
  for (const doc of documents) {
    for (const s of doc.supersedes) {
      const target = documents.find((d) => d.id === s.document)
      if (!target) warnings.push(`${doc.id} supersedes ${s.document}, which is not loaded: it takes effect when it appears`)
      for (const id of s.sections ?? []) {
        if (target && !target.outline.some((o) => o.id === id)) warnings.push(`${doc.id} supersedes section ${id} of ${s.document}, which has no such section`)
      }
    }
  }

  const viewsByDay = new Map<string, KnowledgeBase>()
  const viewsByContent = new Map<string, KnowledgeBase>()
  function on(date: string): KnowledgeBase {
    let view = viewsByDay.get(date)
    if (view) return view
    const superseded = supersessionsOn(documents, date)
    const parts: string[] = []
    const inForce = documents
      .filter((d) => statusOn(d, date, superseded) === 'in_force')
      .map((d) => {
        const replaces = replacedBy(d, documents)
        const kept = d.sections.filter((s) => !supersededBy(d.id, s.id, superseded))
        // A notice's sections say what it replaces, so an answer quoting them can say so too.
        const sections = replaces.length ? kept.map((s) => ({ ...s, replaces })) : kept
        const left = d.sections.filter((s) => !sections.includes(s)).map((s) => s.id)
        parts.push(`${d.id}@${d.version}${left.length ? ` without ${left.join(',')}` : ''}`)
        return { ...d, sections }
      })
      .filter((d) => d.sections.length > 0)
    const key = parts.join(' + ') || 'none'
    view = viewsByContent.get(key) ?? knowledgeBaseOf(inForce, key)
    viewsByContent.set(key, view)
    if (viewsByDay.size >= MAX_REMEMBERED_DAYS) viewsByDay.delete(viewsByDay.keys().next().value!)
    viewsByDay.set(date, view)
    return view
  }

  function list(date: string): DocumentListing[] {
    const superseded = supersessionsOn(documents, date)
    return files.map((f): DocumentListing => {
      const d = f.document
      if (!d) return { status: 'rejected', file: f.file, error: f.error! }
      const status = statusOn(d, date, superseded)
      return {
        id: d.id,
        title: d.title,
        issuer: d.issuer,
        docNumber: d.docNumber ?? null,
        issued: d.issued,
        effective: d.effective,
        expires: d.expires ?? null,
        supersedes: d.supersedes,
        sections: d.outline.map(({ id, title }) => {
          const by = inForceOn(d, date) ? supersededBy(d.id, id, superseded) : undefined
          return by ? { id, title, supersededBy: by } : { id, title }
        }),
        ...(f.error ? { status: 'rejected' as const, serving: status, error: f.error } : { status }),
        file: f.file,
      }
    })
  }

  return { files, documents, warnings, on, list }
}

/** What a document supersedes, named for readers: the loaded documents' titles and the parts' labels. */
function replacedBy(doc: PolicyDocument, documents: readonly PolicyDocument[]): NonNullable<Section['replaces']> {
  return doc.supersedes.flatMap((s) => {
    const target = documents.find((d) => d.id === s.document)
    if (!target || target.id === doc.id) return []
    const parts = (s.sections ?? []).map((id) => target.outline.find((o) => o.id === id)?.label ?? id)
    return [{ documentTitle: target.title, parts }]
  })
}

/** A knowledge base of exactly these documents (and their sections, as given). */
function knowledgeBaseOf(documents: PolicyDocument[], version?: string): KnowledgeBase {
  const sections = documents.flatMap((d) => d.sections)
  const byKey = new Map(sections.map((s) => [`${s.docId}#${s.id}`, s]))
  const firstById = new Map<string, (typeof sections)[number]>()
  for (const s of sections) if (!firstById.has(s.id)) firstById.set(s.id, s)
  return {
    documents,
    sections,
    version: version ?? (documents.map((d) => `${d.id}@${d.version}`).join(' + ') || 'none'),
    section: (id, docId) => (docId ? byKey.get(`${docId}#${id}`) : firstById.get(id)),
  }
}
