// In-process figures, without HTTP: retrieval time per question, and engine turns per second for questions
// and for whole applications. Sequential, one turn at a time: this is the cost of one turn.
import { createApp } from '../../src/app.js'
import { evalQuestions, unionApplication } from '../lib/questions.js'
import { percentile } from '../lib/stats.js'

const RETRIEVAL_MS = 1500
const ENGINE_MS = 2000

const questions = evalQuestions()
const app = createApp({ env: {} })
await app.start() // Redis mode connects here

/** Runs `step` repeatedly for about `ms`; returns how many times and the elapsed ms. */
async function forAbout(ms: number, step: (i: number) => unknown): Promise<{ count: number; elapsedMs: number }> {
  const started = performance.now()
  let count = 0
  while (performance.now() - started < ms) await step(count++)
  return { count, elapsedMs: performance.now() - started }
}

// Retrieval: warm once over every question, then time each call.
for (const q of questions) app.answerer.retrieve(q)
const samples: number[] = []
const retrievalStarted = performance.now()
for (let i = 0; performance.now() - retrievalStarted < RETRIEVAL_MS; i++) {
  const t = performance.now()
  app.answerer.retrieve(questions[i % questions.length])
  samples.push((performance.now() - t) * 1000)
}
samples.sort((a, b) => a - b)
const retrieval = {
  questions: questions.length,
  calls: samples.length,
  meanUs: samples.reduce((a, b) => a + b, 0) / samples.length,
  p50Us: percentile(samples, 50),
  p99Us: percentile(samples, 99),
}

// Questions through the engine: one new user per question (a session is read and written each turn).
for (const q of questions.slice(0, 20)) await app.handle({ channel: 'api', userId: `warm-${q}`, text: q })
const asked = await forAbout(ENGINE_MS, (i) => app.handle({ channel: 'api', userId: `q-${i}`, text: questions[i % questions.length] }))

// Whole applications: every turn of a union-membership form, through to the stored application.
let formTurns = 0
const applied = await forAbout(ENGINE_MS, async (i) => {
  for (const text of unionApplication(i)) {
    const reply = await app.handle({ channel: 'api', userId: `f-${i}`, text })
    formTurns++
    if (text === '确认' && !reply.applicationId) throw new Error(`application ${i} was not submitted: ${reply.replies.join(' / ')}`)
  }
})

await app.stop()
process.send!({
  retrieval,
  engine: {
    questionTurnsPerSec: (asked.count / asked.elapsedMs) * 1000,
    formTurnsPerSec: (formTurns / applied.elapsedMs) * 1000,
    applicationsPerSec: (applied.count / applied.elapsedMs) * 1000,
  },
})
