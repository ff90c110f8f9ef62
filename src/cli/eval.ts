// npm run eval [file...]: scores the answerer on question files (default: the project's fixtures).
import { scoreQuestions, loadQuestions } from '../evaluation/score.js'
import { answererFromEnv } from './answerer-from-env.js'

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const targets = files.length ? files : ['test/fixtures/questions.dev.json', 'test/fixtures/questions.extra.json', 'test/fixtures/questions.holdout.json', 'test/fixtures/questions.blind2.json']
const answerer = answererFromEnv()
const pct = (x: number) => `${(x * 100).toFixed(1)}%`
for (const file of targets) {
  const s = await scoreQuestions(answerer, loadQuestions(file))
  console.log(`\n${file}: ${s.answerable} answerable, ${s.outOfScopeQuestions} out of scope`)
  console.log(`  top-1 ${pct(s.top1)}  top-3 ${pct(s.top3)}  MRR ${s.mrr.toFixed(3)}  facts ${pct(s.facts)}`)
  console.log(`  out-of-scope precision ${pct(s.oosPrecision)}  recall ${pct(s.oosRecall)}`)
  for (const f of s.failures) console.log(`  - ${f.q}: ${f.problem}`)
}
