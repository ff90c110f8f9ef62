// Memory with 10,000 sessions: 10,000 distinct users each send one message (half start an application,
// half ask a question), with the app started; then RSS and heap after a full GC (run with --expose-gc).
import { createApp } from '../../src/app.js'
import { evalQuestions } from '../lib/questions.js'

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10_000)
const gc = (globalThis as { gc?: () => void }).gc
const settle = () => {
  gc?.()
  gc?.()
  return process.memoryUsage()
}

const questions = evalQuestions()
const app = createApp()
await app.start()
const before = settle()
const started = performance.now()
for (let i = 0; i < SESSIONS; i++) {
  const text = i % 2 === 0 ? '我想加入工会' : questions[i % questions.length]
  await app.handle({ channel: 'api', userId: `mem-${process.pid}-${i}`, text })
}
const elapsedMs = performance.now() - started
const after = settle()
await app.stop()
process.send!({
  sessions: SESSIONS,
  createMs: elapsedMs,
  before: { rss: before.rss, heapUsed: before.heapUsed },
  after: { rss: after.rss, heapUsed: after.heapUsed, heapTotal: after.heapTotal, external: after.external },
})
