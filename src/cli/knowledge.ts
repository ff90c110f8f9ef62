// npm run knowledge -- import <file.txt|.docx|.pdf> --id <id> --effective <YYYY-MM-DD>
//                            [--title <t>] [--issuer <i>] [--issued <YYYY-MM-DD>] [--doc-number <n>] [--force]
// Writes KNOWLEDGE_DIR/documents/<id>.md from the source, cleaned of PDF damage and validated, and prints a
// short report. A failure prints one line, `<file>: <reason>`, exits 1 and writes nothing.
import { loadConfig } from '../config.js'
import { ImportError } from '../knowledge/import/errors.js'
import { importDocument } from '../knowledge/import/import-document.js'

const USAGE =
  'usage: npm run knowledge -- import <file.txt|.docx|.pdf> --id <id> --effective <YYYY-MM-DD> [--title <t>] [--issuer <i>] [--issued <YYYY-MM-DD>] [--doc-number <n>] [--force]'
const VALUE_FLAGS = { '--id': 'id', '--effective': 'effective', '--title': 'title', '--issuer': 'issuer', '--issued': 'issued', '--doc-number': 'docNumber' } as const
type ValueFlag = keyof typeof VALUE_FLAGS

function fail(line: string, code = 1): never {
  process.stderr.write(`${line}\n`)
  process.exit(code)
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv
  if (command !== 'import') fail(USAGE, 2)
  const values: Partial<Record<(typeof VALUE_FLAGS)[ValueFlag], string>> = {}
  const files: string[] = []
  let force = false
  let problem: string | undefined
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!
    if (arg === '--force') force = true
    else if (arg in VALUE_FLAGS) {
      const value = rest[i + 1]
      if (value === undefined || value.startsWith('--')) problem ??= `${arg}: needs a value`
      else values[VALUE_FLAGS[arg as ValueFlag]] = value
      i++
    } else if (arg.startsWith('--')) problem ??= `unknown option ${arg}`
    else files.push(arg)
  }
  if (files.length !== 1) fail(USAGE, 2)
  const file = files[0]!
  if (problem) fail(`${file}: ${problem}`)
  if (!values.id) fail(`${file}: --id: required (lower-case letters, digits and dashes)`)
  if (!values.effective) fail(`${file}: --effective: required (YYYY-MM-DD)`)

  let knowledgeDir: string
  try {
    knowledgeDir = loadConfig(process.env).KNOWLEDGE_DIR
  } catch (e) {
    fail(`${file}: ${(e as Error).message.split('\n')[0]}`)
  }
  try {
    const { text } = await importDocument({ file, knowledgeDir, id: values.id, effective: values.effective, ...values, force })
    process.stdout.write(`${text}\n`)
  } catch (e) {
    if (e instanceof ImportError) fail(`${file}: ${e.reason}`)
    fail(`${file}: ${(e as Error).message.split('\n')[0]}`)
  }
}

void main(process.argv.slice(2))
