// A policy document's YAML front matter (CONTRACT.md "Knowledge that knows time"), validated with zod. A
// failure names the file's line: `<file>:<line>: <field>: <reason>`, as GET /api/documents and the log show it.
import { createRequire } from 'node:module'
import { z } from 'zod'
import { isRealDate } from '../calendar.js'
import type { DocumentMeta } from './types.js'
import { parseKnowledgeYaml } from './yaml.js'

const require = createRequire(import.meta.url)

/** The issuer of an imported document whose source names none and for which none was given. */
export const UNSTATED_ISSUER = '未注明'

/** A rejected file: the message is already `<file>:<line>: <field>: <reason>`. */
export class DocumentError extends Error {
  constructor(readonly file: string, readonly line: number, readonly field: string, reason: string) {
    super(`${file}:${line}: ${field}: ${reason}`)
  }
}

const date = z.string({ error: (issue) => (issue.input === undefined ? 'required' : 'must be a date YYYY-MM-DD (quoted or not)') }).refine(isRealDate, 'must be a real calendar date YYYY-MM-DD')
// An unquoted 3.2 in YAML is a number; section ids are strings ("3.10" must be quoted to stay itself).
const sectionId = z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d+(\.\d+)*$/, 'section ids look like 3 or 3.2'))

const schema = z.strictObject({
  id: z.string({ error: 'required' }).regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  title: z.string({ error: 'required' }).min(1, 'required'),
  issuer: z.string({ error: 'required' }).min(1, 'required'),
  docNumber: z.string().min(1).optional(),
  issued: date,
  effective: date,
  expires: date.optional(),
  supersedes: z.array(z.strictObject({ document: z.string().min(1), sections: z.array(sectionId).min(1).optional() })).default([]),
  /** false: the document states no date of its own, and its dates here are the knowledge base's. */
  datesStated: z.boolean().default(true),
  city: z.string().optional(),
  figuresAsOf: z.string().regex(/^\d{4}-\d{2}$/, 'YYYY-MM').optional(),
  source: z.string().optional(),
})

/** Splits a file into its front matter and body; the body's first line number is returned with it. */
export function splitFrontMatter(raw: string, file: string): { yaml: string; body: string; bodyLine: number } {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const match = text.match(/^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/)
  if (!match) throw new DocumentError(file, 1, 'front matter', 'missing: the file must start with YAML between --- lines')
  return { yaml: match[1], body: text.slice(match[0].length), bodyLine: match[1].split('\n').length + 3 }
}

export function parseFrontMatter(yamlText: string, file: string): DocumentMeta {
  let data: unknown
  try {
    data = parseKnowledgeYaml(yamlText)
  } catch {
    throw yamlSyntaxError(yamlText, file)
  }
  const parsed = schema.safeParse(data ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const path = issue.code === 'unrecognized_keys' ? [issue.keys[0]!] : issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
    const field = path.length ? path.join('.') : 'front matter'
    const reason = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message
    throw new DocumentError(file, lineOf(yamlText, path, issue.code === 'unrecognized_keys'), field, reason)
  }
  const meta = parsed.data
  if (meta.expires && meta.expires < meta.effective) {
    throw new DocumentError(file, lineOf(yamlText, ['expires'], false), 'expires', `is before effective (${meta.effective})`)
  }
  const { source: _source, ...rest } = meta
  return rest
}

/** The file line (1 is the opening ---) of a field's value, or of its key; the opening line when absent. */
function lineOf(yamlText: string, path: (string | number)[], key: boolean): number {
  try {
    const YAML = require('yaml') as typeof import('yaml')
    const doc = YAML.parseDocument(yamlText)
    let offset: number | undefined
    if (key) {
      const map = doc.contents as { items?: { key?: { value?: unknown; range?: number[] } }[] } | null
      offset = map?.items?.find((p) => p.key?.value === path[0])?.key?.range?.[0]
    }
    for (let depth = path.length; offset === undefined && depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true) as { range?: number[] } | undefined
      offset = node?.range?.[0]
      // A missing field: the line of the key that holds it, if any.
      if (offset === undefined && depth === path.length) {
        const parent = path.length > 1 ? (doc.getIn(path.slice(0, -1), true) as { range?: number[] } | undefined) : undefined
        offset = parent?.range?.[0]
      }
    }
    if (offset === undefined) return 1
    return yamlText.slice(0, offset).split('\n').length + 1
  } catch {
    return 1
  }
}

function yamlSyntaxError(yamlText: string, file: string): DocumentError {
  const YAML = require('yaml') as typeof import('yaml')
  const doc = YAML.parseDocument(yamlText)
  const err = doc.errors[0]
  const line = (err?.linePos?.[0]?.line ?? 0) + 1
  return new DocumentError(file, line, 'front matter', `not valid YAML (${(err?.message ?? 'unreadable').split('\n')[0]})`)
}
