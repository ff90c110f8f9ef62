// npm run eval [file...]: scores the answerer on question files and the whole assistant on conversation files
// (default: the project's fixtures). Conversations go through POST /api/chat of a real app on a temporary store.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../app.js'
import { isDialogueFile, loadDialogues, scoreDialogues, type ChatTurn } from '../evaluation/dialogues.js'
import { loadQuestions, scoreQuestions } from '../evaluation/score.js'
import { answererFromEnv } from './answerer-from-env.js'

const FIXTURES = 'test/fixtures'
const files = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const targets = files.length ? files : readdirSync(FIXTURES).filter((f) => /^(questions|dialogues)\..*\.json$/.test(f)).sort().map((f) => join(FIXTURES, f))
const pct = (x: number) => `${(x * 100).toFixed(1)}%`

async function scoreQuestionFile(file: string): Promise<void> {
  const s = await scoreQuestions(answererFromEnv(), loadQuestions(file))
  console.log(`\n${file}: ${s.answerable} answerable, ${s.outOfScopeQuestions} out of scope`)
  console.log(`  top-1 ${pct(s.top1)}  top-3 ${pct(s.top3)}  MRR ${s.mrr.toFixed(3)}  facts ${pct(s.facts)}`)
  console.log(`  out-of-scope precision ${pct(s.oosPrecision)}  recall ${pct(s.oosRecall)}`)
  for (const f of s.failures) console.log(`  - ${f.q}: ${f.problem}`)
}

async function scoreDialogueFile(file: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eval-'))
  const app = createApp({ env: { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, API_TOKEN: '' } })
  await app.start()
  try {
    const chat = async (userId: string, text: string): Promise<ChatTurn> => {
      const res = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text }) })
      if (!res.ok) throw new Error(`/api/chat answered ${res.status}: ${await res.text()}`)
      return (await res.json()) as ChatTurn
    }
    const s = await scoreDialogues(chat, loadDialogues(file))
    console.log(`\n${file}: ${s.turns} checked turns, ${pct(s.passed / s.turns)} passed`)
    for (const [kind, k] of [...s.byKind].sort()) console.log(`  ${kind.padEnd(20)} ${String(k.passed).padStart(3)}/${String(k.turns).padEnd(3)} ${pct(k.passed / k.turns)}`)
    for (const f of s.failures) console.log(`  - [${f.kind}] ${f.dialogue} «${f.say}»: ${f.problems.join('; ')}\n      ${f.reply.replaceAll('\n', '\n      ')}`)
  } finally {
    await app.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

for (const file of targets) {
  if (isDialogueFile(file)) await scoreDialogueFile(file)
  else await scoreQuestionFile(file)
}
