// A .docx source, as mammoth reads its text: a paragraph per line, blank lines between paragraphs, a line
// break inside a paragraph as a line break. mammoth is loaded only for a .docx.
import { readFile } from 'node:fs/promises'
import { ImportError } from './errors.js'

export async function readDocx(file: string): Promise<string> {
  const buffer = await readFile(file)
  const mammoth = (await import('mammoth')).default
  try {
    const { value } = await mammoth.extractRawText({ buffer })
    return value
  } catch (e) {
    throw new ImportError(`not a readable .docx (${firstLine(e)})`)
  }
}

function firstLine(e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim()
  return /end of central directory/i.test(message) ? 'not a zip file' : message
}
