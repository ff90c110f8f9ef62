// A .pdf source's text with pdfjs-dist 4 (the last line that runs on Node 20; the legacy build is the one for
// Node), loaded only for a .pdf. Each page's text items are put back into lines (an item that ends a line, or
// one on another baseline, starts the next); pages are separated by a form feed, as in a .txt, so that the
// cleaning sees where each page ends. The character maps shipped with pdfjs-dist are given to it: a Chinese PDF
// whose fonts use a predefined encoding (UniGB-UCS2-H and the like) has no text without them.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'
import { ImportError } from './errors.js'

const require = createRequire(import.meta.url)

/** The part of pdfjs's TextItem read here. */
interface TextItem {
  str: string
  hasEOL: boolean
  transform: number[]
}

export async function readPdf(file: string): Promise<string> {
  const data = new Uint8Array(await readFile(file))
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const root = dirname(require.resolve('pdfjs-dist/package.json'))
  // No worker thread: in Node pdfjs runs its worker code in this process (its "fake worker").
  const task = pdfjs.getDocument({
    data,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    cMapUrl: join(root, 'cmaps') + sep,
    cMapPacked: true,
    standardFontDataUrl: join(root, 'standard_fonts') + sep,
  })
  let doc: Awaited<typeof task.promise>
  try {
    doc = await task.promise
  } catch (e) {
    await task.destroy()
    const name = e instanceof Error ? e.name : ''
    if (name === 'PasswordException') throw new ImportError('the PDF is password-protected')
    throw new ImportError(`not a readable .pdf (${e instanceof Error ? e.message : String(e)})`)
  }
  try {
    const pages: string[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n)
      const content = await page.getTextContent()
      pages.push(pageLines(content.items.flatMap((i) => ('str' in i ? [i as TextItem] : []))).join('\n'))
      page.cleanup()
    }
    if (!pages.join('').trim()) throw new ImportError('the PDF has no text (a scanned PDF needs OCR first)')
    return pages.join('\n\f\n')
  } finally {
    await doc.destroy()
  }
}

/** A page's text items as lines: an item ending its line, or starting on another baseline, ends the line. */
function pageLines(items: TextItem[]): string[] {
  const lines: string[] = []
  let line = ''
  let baseline: number | undefined
  for (const item of items) {
    const y = item.transform[5]!
    if (line && baseline !== undefined && item.str && Math.abs(y - baseline) > 2) {
      lines.push(line)
      line = ''
    }
    if (item.str) baseline = y
    line += item.str
    if (item.hasEOL) {
      lines.push(line)
      line = ''
    }
  }
  if (line) lines.push(line)
  return lines
}
