// Profiles the assistant under load: `npx tsx bench/profile.ts ask|ask-new|chat [seconds] [applyEvery] [--redis]` builds and
// starts the app (the npm start bundle, SQLite mode, or Redis mode on redis://127.0.0.1:6379/14) with --cpu-prof, drives POST /api/ask (ask-new: every question new) or /api/chat with the bench's traffic
// (chat: one user in `applyEvery` applies, default 2; 0 = questions only), and leaves a .cpuprofile in
// bench/results/profiles/ (open it in Chrome DevTools, Performance tab, or VS Code). PROF_INTERVAL=100 samples every
// 100 µs instead of every 1000 (finer, for short functions; the profile is larger).
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { askRequests, chatRequests, measure, newAskRequests } from './http-load.js'
import { startChild } from './lib/child.js'
import { appEnv, BENCH_REDIS_PREFIX } from './lib/env.js'
import { ROOT } from './lib/questions.js'
import { removeBenchKeys } from './redis-check.js'

const args = process.argv.slice(2).filter((a) => a !== '--redis')
const redisUrl = process.argv.includes('--redis') ? 'redis://127.0.0.1:6379/14' : undefined
const target = args[0] === 'chat' || args[0] === 'ask-new' ? args[0] : 'ask'
const seconds = Number(args[1] ?? 5)
const dir = join(ROOT, 'bench/results/profiles')
const applyEvery = Number(args[2] ?? 2)
mkdirSync(dir, { recursive: true })
execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' })
const app = startChild<{ url: string }>('app-server.mjs', appEnv(redisUrl ? 'redis' : 'sqlite', redisUrl), ['--cpu-prof', '--cpu-prof-interval', process.env.PROF_INTERVAL ?? '1000', `--cpu-prof-dir=${dir}`])
try {
  const { url } = await app.first
  const traffic = target === 'chat' ? chatRequests(applyEvery) : target === 'ask-new' ? newAskRequests : askRequests
  const result = await measure(url, traffic, seconds)
  console.log(`${target === 'chat' ? 'POST /api/chat' : 'POST /api/ask'}:`, result)
} finally {
  await app.stop()
  if (redisUrl) console.log(`redis: removed ${await removeBenchKeys(redisUrl, BENCH_REDIS_PREFIX)} bench keys`)
}
console.log(`profile written to ${dir}`)
