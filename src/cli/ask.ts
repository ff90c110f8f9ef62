// npm run ask -- "问题" [--json] [--as-of YYYY-MM-DD]: one answer with its citations, from the documents in force
// that day (today by default).
import { isRealDate } from '../calendar.js'
import { answererFromEnv } from './answerer-from-env.js'

const USAGE = 'usage: npm run ask -- "问题" [--json] [--as-of YYYY-MM-DD]'
const args = process.argv.slice(2)
const json = args.includes('--json')
const at = args.indexOf('--as-of')
const asOf = at >= 0 ? args[at + 1] : undefined
if (at >= 0 && (!asOf || !isRealDate(asOf))) {
  console.error(`--as-of: must be a real date YYYY-MM-DD\n${USAGE}`)
  process.exit(2)
}
const question = args.filter((a, i) => a !== '--json' && (at < 0 || (i !== at && i !== at + 1))).join(' ').trim()
if (!question) {
  console.error(USAGE)
  process.exit(2)
}
const answer = await answererFromEnv().ask(question, { channel: 'terminal', asOf })
if (json) {
  const { answer: text, citations, mode, outOfScope, confidence } = answer
  console.log(JSON.stringify({ answer: text, citations, mode, outOfScope, confidence }, null, 2))
} else {
  console.log(answer.answer)
}
