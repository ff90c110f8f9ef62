// A/B of two versions of the assistant under the same load at the same moment (Linux only: it reads /proc).
//   npx tsx bench/ab.ts <git ref> ask|chat [applyEvery] [seconds] [--redis]
//   AB_WORK_NODE_FLAGS='--max-semi-space-size=8' adds those Node flags to the working tree's side only; with HEAD as
//   the ref, the two sides then differ by the flags alone.
// Builds the ref (in a git worktree under the system's temp directory, sharing this checkout's node_modules)
// and the working tree, starts both as `npm start` runs them, and drives both at once, 16 connections each,
// in rounds: a slow moment of this VM then lands on both sides. Prints, per round and as medians, the CPU
// each spends per request (main thread and whole process). The A/B figure is steadier than two bench runs a
// minute apart, whose speed here drifts by 2x; still, the same code on both sides has read 1.05 / 1.09 here,
// so a difference under about 10 % needs several runs.
//   --alternate: one side at a time instead, 32 connections, alternating 1 s rounds (as the bench pairs a row
//   with its floor), and the load generator's CPU too. For a change in how the server meets its client (when
//   replies wake it): driven at once, two servers keep the one client busy, which hides such a change.
import autocannon from 'autocannon'
import { execFileSync, fork, type ChildProcess } from 'node:child_process'
import { existsSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { askRequests, chatRequests, paired, trafficLabel, type CpuPerRequest } from './http-load.js'
import { BENCH_REDIS_PREFIX, appEnv, startNodeFlags } from './lib/env.js'
import { startCpuMeter } from './lib/proc.js'
import { ROOT } from './lib/questions.js'
import { median } from './lib/stats.js'
import { redisServerPid, removeBenchKeys } from './redis-check.js'

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const redisUrl = process.argv.includes('--redis') ? 'redis://127.0.0.1:6379/14' : undefined
const [ref, target = 'chat'] = args
if (!ref) throw new Error('usage: npx tsx bench/ab.ts <git ref> ask|chat [applyEvery] [seconds] [--redis] [--alternate]')
const applyEvery = Number(args[2] ?? 2)
const seconds = Number(args[3] ?? 4)
const ROUNDS = 4
const WARM_SECONDS = Number(process.env.AB_WARM_SECONDS ?? 10)
const traffic = target === 'chat' ? chatRequests(applyEvery) : askRequests
// Node flags for the working tree's side only (AB_WORK_NODE_FLAGS='--max-semi-space-size=8'), to weigh a flag.
const WORK_NODE_FLAGS = (process.env.AB_WORK_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean)

const git = (...gitArgs: string[]) => execFileSync('git', gitArgs, { cwd: ROOT, encoding: 'utf8' }).trim()
/** Each tree builds with its own script (an older one builds its working directory, a newer one its own tree). */
const build = (root: string) => execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' })

/** A worktree of `ref` with this checkout's node_modules, built. */
function checkout(ref: string): string {
  const sha = git('rev-parse', '--short', ref)
  const dir = join(tmpdir(), `assistant-ab-${sha}`)
  if (!existsSync(dir)) git('worktree', 'add', '--detach', dir, sha)
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  build(dir)
  return dir
}

function start(root: string, name: string, execArgv: string[] = []): { child: ChildProcess; url: Promise<string> } {
  const env = { ...appEnv(redisUrl ? 'redis' : 'sqlite', redisUrl), REDIS_PREFIX: `${BENCH_REDIS_PREFIX}-${name}` }
  const child = fork(join(root, 'bench/children/app-server.mjs'), [], {
    cwd: root,
    env: { ...process.env, ...env },
    execArgv: [...startNodeFlags(root), ...execArgv], // each side with its own npm start's flags
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  return { child, url: new Promise((resolve) => child.once('message', (m: { url: string }) => resolve(m.url))) }
}

/** --alternate: each side alone in turn, in 1 s rounds, through the bench's own pairing (the ref as the floor). */
async function alternate([baseUrl, workUrl]: string[]): Promise<void> {
  const rounds = Math.max(2, ROUNDS * seconds)
  for (const url of [baseUrl, workUrl]) await autocannon({ url, connections: 32, duration: WARM_SECONDS / 2, requests: traffic() })
  const processes = { appPid: sides[1].child.pid!, barePid: sides[0].child.pid!, redisPid: redisUrl ? await redisServerPid(redisUrl) : undefined }
  const row = await paired(workUrl, baseUrl, traffic, rounds, 1, processes)
  const us = (c: CpuPerRequest) => `main ${c.main.toFixed(1)}, process ${c.process.toFixed(1)}, load generator ${c.client.toFixed(1)}${redisUrl ? `, redis-server ${c.redis.toFixed(1)}` : ''}`
  const { app: work, bare: base } = row.cpu!
  console.log(`${trafficLabel(target, applyEvery)}, ${redisUrl ? 'Redis' : 'SQLite'} mode, one side at a time, ${rounds} rounds of 1 s each`)
  console.log(`req/s, working tree / ${ref}: ${row.ratio.toFixed(2)} (rounds ${row.roundRatios.map((r) => r.toFixed(2)).join(' ')})`)
  console.log(`µs of CPU per request  ${ref}: ${us(base)}\n                        working tree: ${us(work)}`)
  console.log(`working tree / ${ref}: main ${(work.main / base.main).toFixed(2)}, process ${(work.process / base.process).toFixed(2)}, load generator ${(work.client / base.client).toFixed(2)}`)
}

const sides = [
  { name: ref, root: checkout(ref) },
  { name: 'working tree', root: (build(ROOT), ROOT) },
].map((side) => ({ ...side, ...start(side.root, side.name === ref ? 'base' : 'work', side.name === ref ? [] : WORK_NODE_FLAGS) }))
try {
  const urls = await Promise.all(sides.map((s) => s.url))
  if (process.argv.includes('--alternate')) await alternate(urls)
  else await together(urls)
} finally {
  for (const s of sides) s.child.kill('SIGTERM')
  if (redisUrl) await removeBenchKeys(redisUrl, BENCH_REDIS_PREFIX)
}

/** Both sides driven at the same moment, 16 connections each, in rounds: CPU per request of each. */
async function together(urls: string[]): Promise<void> {
  const load = (duration: number) => Promise.all(urls.map((url) => autocannon({ url, connections: 16, duration, requests: traffic() })))
  await load(WARM_SECONDS) // JIT, caches
  const perRequest = sides.map(() => ({ main: [] as number[], all: [] as number[] }))
  console.log(`${trafficLabel(target, applyEvery)}, ${redisUrl ? 'Redis' : 'SQLite'} mode: µs of CPU per request (main thread / process)`)
  for (let round = 0; round < ROUNDS; round++) {
    const meters = sides.map((s) => startCpuMeter(s.child.pid!))
    const results = await load(seconds)
    const cells = sides.map((s, i) => {
      const used = meters[i]()
      const n = results[i].requests.total
      perRequest[i].main.push(used.mainUs / n)
      perRequest[i].all.push(used.processUs / n)
      const errors = results[i].errors + results[i].non2xx
      return `${s.name}: ${perRequest[i].main.at(-1)!.toFixed(1)} / ${perRequest[i].all.at(-1)!.toFixed(1)}${errors ? ` (${errors} errors)` : ''}`
    })
    console.log(`round ${round + 1}  ${cells.join('   ')}`)
  }
  const [base, work] = perRequest.map((p) => ({ main: median(p.main), all: median(p.all) }))
  console.log(`median   ${ref}: ${base.main.toFixed(1)} / ${base.all.toFixed(1)}   working tree: ${work.main.toFixed(1)} / ${work.all.toFixed(1)}` +
    `   (working tree / ${ref}: main ${(work.main / base.main).toFixed(2)}, process ${(work.all / base.all).toFixed(2)})`)
}
