// npm run eligibility -- profile.json [--text] [--as-of YYYY-MM-DD]
// Prints {results} exactly as POST /api/eligibility returns them, or a readable summary with --text.
// The file holds a profile, or {"profile": {...}} as sent to the API.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CONTRACT_PROGRAMME_IDS } from '../eligibility/programmes.js'
import { evaluate } from '../eligibility/evaluate.js'
import { formatResults } from '../eligibility/format.js'
import { loadEligibilityKnowledge } from '../eligibility/knowledge.js'
import { parseProfile } from '../eligibility/profile.js'
import { documentsDir, loadCorpus } from '../knowledge/corpus.js'

const USAGE = 'usage: npm run eligibility -- profile.json [--text] [--as-of YYYY-MM-DD]'

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(2)
}

function main(argv: string[]): void {
  const text = argv.includes('--text')
  const asOfIndex = argv.indexOf('--as-of')
  const asOf = asOfIndex === -1 ? undefined : argv[asOfIndex + 1]
  const file = argv.find((a, i) => !a.startsWith('--') && (asOfIndex === -1 || i !== asOfIndex + 1))
  if (!file) fail(USAGE)

  let input: unknown
  try {
    input = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    fail(`${file}: ${(e as Error).message}`)
  }
  const wrapped = input && typeof input === 'object' && !Array.isArray(input) && 'profile' in input
  const parsed = parseProfile(wrapped ? (input as { profile: unknown }).profile : input)
  if (!parsed.ok) fail(parsed.error)
  const profile = asOf === undefined ? parsed.profile : { ...parsed.profile, asOf }
  const asOfCheck = parseProfile(profile)
  if (!asOfCheck.ok) fail(asOfCheck.error.replace('profile.asOf', '--as-of'))

  const dir = join(process.cwd(), 'knowledge')
  const corpus = loadCorpus(documentsDir(dir))
  const { programmes, fields, sections } = loadEligibilityKnowledge(dir, () => corpus, CONTRACT_PROGRAMME_IDS)
  const results = evaluate(programmes, asOfCheck.profile, { sections })
  process.stdout.write(text ? `${formatResults(results, { fields })}\n` : `${JSON.stringify({ results }, null, 2)}\n`)
}

main(process.argv.slice(2))
