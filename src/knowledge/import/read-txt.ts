// A .txt source: UTF-8 (a BOM allowed), any line endings; a form feed marks a page break.
import { readFile } from 'node:fs/promises'
import { ImportError } from './errors.js'

export async function readTxt(file: string): Promise<string> {
  const bytes = await readFile(file)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '')
  } catch {
    throw new ImportError('not UTF-8 text (save the .txt as UTF-8)')
  }
}
