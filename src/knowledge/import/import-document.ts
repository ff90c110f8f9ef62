// `npm run knowledge -- import`: a .txt, .docx or .pdf source turned into KNOWLEDGE_DIR/documents/<id>.md —
// read, cleaned (clean.ts), front matter filled, validated as the loader would (parsePolicyDocument) and only
// then written. Any failure is an ImportError and nothing is written.
import { UNSTATED_ISSUER } from '../front-matter.js'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { access, constants } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { isRealDate } from '../../calendar.js'
import { documentsDir } from '../corpus.js'
import { DocumentError } from '../front-matter.js'
import { matchHeading } from '../headings.js'
import { parsePolicyDocument } from '../parse-document.js'
import { cleanLines, noCounts, toParagraphs, type CleanCounts } from './clean.js'
import { ImportError } from './errors.js'
import { findDocNumber, findIssuer } from './issuer.js'
import { readDocx } from './read-docx.js'
import { readPdf } from './read-pdf.js'
import { readTxt } from './read-txt.js'
import { formatReport, type ImportReport } from './report.js'
import { toMarkdown } from './to-markdown.js'


export interface ImportOptions {
  file: string
  knowledgeDir: string
  id: string
  effective: string
  title?: string
  issuer?: string
  issued?: string
  docNumber?: string
  /** Replace an existing document file of that id. */
  force?: boolean
}

export const IMPORT_FORMATS = ['.txt', '.docx', '.pdf'] as const
const ID = /^[a-z0-9][a-z0-9-]*$/
const MAX_TITLE_CHARS = 100
/** How far down the source a given --title is looked for. */
const TITLE_WITHIN = 3

export async function importDocument(o: ImportOptions): Promise<{ path: string; markdown: string; report: ImportReport; text: string }> {
  if (!ID.test(o.id)) throw new ImportError('--id: lower-case letters, digits and dashes')
  for (const [flag, value] of [['--effective', o.effective], ['--issued', o.issued]] as const) {
    if (value !== undefined && !isRealDate(value)) throw new ImportError(`${flag}: must be a real calendar date YYYY-MM-DD (got ${value})`)
  }
  const ext = extname(o.file).toLowerCase()
  if (!(IMPORT_FORMATS as readonly string[]).includes(ext)) {
    throw new ImportError(`unsupported file type ${ext || '(none)'}: give a ${IMPORT_FORMATS.join(', ')} file`)
  }
  const path = join(documentsDir(o.knowledgeDir), `${o.id}.md`)
  if (!o.force && existsSync(path)) throw new ImportError(`${path} exists already (--force replaces it)`)

  const source = await readSource(o.file, ext)
  const counts = noCounts()
  const lines = cleanLines(source, counts)
  if (lines.length === 0) throw new ImportError('no text in the source')
  const { title, before, after } = takeTitle(lines, o.title, counts)
  const body = [...toParagraphs(before, counts), ...toParagraphs(after, counts)]
  // --issuer is optional (CONTRACT.md): a source that names none is imported with issuer 未注明, and the report says so.
  const found = o.issuer?.trim() || findIssuer(body)
  const issuer = found || UNSTATED_ISSUER
  const docNumber = o.docNumber?.trim() || findDocNumber(body)
  const provenance = `${basename(o.file)}, imported with npm run knowledge -- import: ${counts.pageNumbers} page numbers, ${counts.headers} running headers/footers, ${counts.spaces} stray spaces and ${counts.marks} stray marks removed, ${counts.linesJoined} broken lines joined; the wording is unchanged.`
  const { markdown, headings } = toMarkdown(
    { id: o.id, title, issuer, ...(docNumber ? { docNumber } : {}), issued: o.issued ?? o.effective, effective: o.effective, source: provenance },
    body,
  )

  let sections: string[]
  try {
    sections = parsePolicyDocument(markdown, path).sections.map((s) => s.id)
  } catch (e) {
    if (!(e instanceof DocumentError)) throw e
    throw new ImportError(`the result is not a valid document (its line ${e.line}): ${e.message.slice(`${path}:${e.line}: `.length)}`)
  }

  mkdirSync(documentsDir(o.knowledgeDir), { recursive: true })
  try {
    writeFileSync(path, markdown, { flag: o.force ? 'w' : 'wx' })
  } catch (e) {
    throw new ImportError(`cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  const report: ImportReport = {
    written: path,
    title,
    titleFrom: o.title ? 'given' : 'source',
    issuer,
    issuerFrom: o.issuer?.trim() ? 'given' : found ? 'source' : 'none',
    ...(docNumber ? { docNumber } : {}),
    cleaned: counts,
    headings,
    sections,
  }
  return { path, markdown, report, text: formatReport(report) }
}

async function readSource(file: string, ext: string): Promise<string> {
  try {
    await access(file, constants.R_OK)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new ImportError(code === 'ENOENT' ? 'cannot read: no such file' : `cannot read (${code ?? (e as Error).message})`)
  }
  try {
    return ext === '.pdf' ? await readPdf(file) : ext === '.docx' ? await readDocx(file) : await readTxt(file)
  } catch (e) {
    if (e instanceof ImportError) throw e
    const code = (e as NodeJS.ErrnoException).code
    throw new ImportError(code ? `cannot read (${code})` : `cannot read (${(e as Error).message.split('\n')[0]})`)
  }
}

/**
 * The title: --title when given (the source's opening lines that spell it, if any, are the title and are not
 * kept twice; a red-letter head above them stays), else the source's first line, which must read like one.
 */
function takeTitle(lines: string[], given: string | undefined, counts: CleanCounts): { title: string; before: string[]; after: string[] } {
  const squeeze = (s: string) => s.replace(/\s+/g, '')
  const title = given?.trim()
  if (title) {
    for (let start = 0; start < Math.min(TITLE_WITHIN, lines.length); start++) {
      let spelled = ''
      for (let i = start; i < lines.length && squeeze(title).startsWith((spelled += squeeze(lines[i]!))); i++) {
        if (spelled === squeeze(title)) return { title, before: lines.slice(0, start), after: lines.slice(i + 1) }
      }
    }
    return { title, before: [], after: lines }
  }
  const first = lines[0]!
  if (matchHeading(first)) throw new ImportError(`title: the source's first line is a numbered heading (${first.slice(0, 20)}); give --title`)
  if (first.length > MAX_TITLE_CHARS) throw new ImportError(`title: the source's first line is too long for a title (${first.length} characters); give --title`)
  return { title: toParagraphs([first], counts)[0]!, before: [], after: lines.slice(1) }
}
