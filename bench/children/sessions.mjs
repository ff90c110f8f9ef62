// Memory with 10,000 sessions, measured on what `npm start` runs (the .build bundle on plain Node, no tsx):
// 10,000 distinct users each send one message (half start an application, half ask a question); then RSS
// and heap after a full GC (run with --expose-gc).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createApp } from '../../.build/app.js'

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10_000)
const settle = () => {
  globalThis.gc?.()
  globalThis.gc?.()
  return process.memoryUsage()
}

const dir = 'test/fixtures'
const questions = readdirSync(dir)
  .filter((f) => f.startsWith('questions.') && f.endsWith('.json'))
  .sort()
  .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).questions.map((x) => x.q))

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
process.send({
  sessions: SESSIONS,
  createMs: elapsedMs,
  before: { rss: before.rss, heapUsed: before.heapUsed },
  after: { rss: after.rss, heapUsed: after.heapUsed, heapTotal: after.heapTotal, external: after.external },
})
