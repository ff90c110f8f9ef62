// npm run ask -- "问题" [--json]: one answer with its citations.
import { answererFromEnv } from './answerer-from-env.js'

const args = process.argv.slice(2)
const json = args.includes('--json')
const question = args.filter((a) => a !== '--json').join(' ').trim()
if (!question) {
  console.error('usage: npm run ask -- "问题" [--json]')
  process.exit(2)
}
const answer = await answererFromEnv().ask(question, { channel: 'terminal' })
if (json) {
  const { answer: text, citations, mode, outOfScope, confidence } = answer
  console.log(JSON.stringify({ answer: text, citations, mode, outOfScope, confidence }, null, 2))
} else {
  console.log(answer.answer)
}
