// Profiles the assistant under load: `npx tsx bench/profile.ts ask|chat [seconds] [applyEvery]` builds and starts
// the app (the npm start bundle) with --cpu-prof, drives POST /api/ask or /api/chat with the bench's traffic
// (chat: one user in `applyEvery` applies, default 2; 0 = questions only), and leaves a .cpuprofile in
// bench/results/profiles/ (open it in Chrome DevTools, Performance tab, or VS Code).
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { askRequests, chatRequests, measure } from './http-load.js'
import { startChild } from './lib/child.js'
import { appEnv } from './lib/env.js'
import { ROOT } from './lib/questions.js'

const target = process.argv[2] === 'chat' ? 'chat' : 'ask'
const seconds = Number(process.argv[3] ?? 5)
const dir = join(ROOT, 'bench/results/profiles')
const applyEvery = Number(process.argv[4] ?? 2)
mkdirSync(dir, { recursive: true })
execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' })
const app = startChild<{ url: string }>('app-server.mjs', appEnv('sqlite', undefined), ['--cpu-prof', `--cpu-prof-dir=${dir}`])
try {
  const { url } = await app.first
  const result = await measure(url, target === 'chat' ? chatRequests(applyEvery) : askRequests, seconds)
  console.log(`POST /api/${target}:`, result)
} finally {
  await app.stop()
}
console.log(`profile written to ${dir}`)
