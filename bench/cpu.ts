// CPU time per request, the steadier figure when the VM's speed drifts (Linux only: it reads /proc).
//   npx tsx bench/cpu.ts ask|chat [applyEvery] [seconds] [--redis] [--threads]
// Builds, then drives the bare server and the assistant (the npm start bundle) in turn with the same traffic
// (chat: one user in `applyEvery` applies, 0 = questions only, 1 = everyone), and prints for each: req/s, CPU
// per request of the process, of its main thread and of its other threads, of the load generator, and (Redis
// mode) of redis-server; --threads adds the assistant's busy threads by name (V8's GC helpers, libuv's pool…).
import autocannon from 'autocannon'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CONNECTIONS, askRequests, bareRequests, chatRequests, trafficLabel } from './http-load.js'
import { startChild } from './lib/child.js'
import { appEnv, BENCH_REDIS_PREFIX } from './lib/env.js'
import { startCpuMeter, threadsCpuUs } from './lib/proc.js'
import { ROOT } from './lib/questions.js'
import { redisServerPid, removeBenchKeys } from './redis-check.js'

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const byThread = process.argv.includes('--threads')
const redisUrl = process.argv.includes('--redis') ? 'redis://127.0.0.1:6379/14' : undefined
const target = args[0] === 'chat' ? 'chat' : 'ask'
const applyEvery = Number(args[1] ?? 5)
const seconds = Number(args[2] ?? 5)
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 3)
const traffic = target === 'chat' ? chatRequests(applyEvery) : askRequests

function threadName(pid: number, tid: number): string {
  try {
    return readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()
  } catch {
    return '(ended)'
  }
}

const per = (us: number, requests: number) => (us / requests).toFixed(1)

execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' })
const label = trafficLabel(target, applyEvery)
console.log(`${label}, ${redisUrl ? 'Redis' : 'SQLite'} mode, ${CONNECTIONS} connections, ${seconds} s each (µs of CPU per request)`)
for (const side of ['bare', 'assistant'] as const) {
  const child =
    side === 'bare' ? startChild<{ url: string }>('bare-server.ts', {}) : startChild<{ url: string }>('app-server.mjs', appEnv(redisUrl ? 'redis' : 'sqlite', redisUrl))
  try {
    const { url } = await child.first
    await autocannon({ url, connections: CONNECTIONS, duration: WARM_SECONDS, requests: traffic() }) // warm-up: the JIT settles
    const pid = child.process.pid!
    const redisPid = redisUrl && side === 'assistant' ? await redisServerPid(redisUrl) : undefined
    // The same meter as the bench's rows; the per-thread split only when --threads asks for it.
    const meter = startCpuMeter(pid, redisPid)
    const threadsBefore = byThread ? threadsCpuUs(pid) : undefined
    const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, requests: traffic() })
    const use = meter()
    const n = result.requests.total
    console.log(
      `${side.padEnd(9)} ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms: process ${per(use.processUs, n)}, main thread ${per(use.mainUs, n)},` +
        ` other threads ${per(use.processUs - use.mainUs, n)}, load generator ${per(use.clientUs, n)}` +
        (redisPid === undefined ? '' : `, redis-server ${per(use.redisUs, n)}`) +
        (result.errors || result.non2xx ? `; ${result.errors} errors, ${result.non2xx} non-2xx` : ''),
    )
    if (threadsBefore && side === 'assistant') {
      const used = [...threadsCpuUs(pid)].map(([tid, us]) => [tid, us - (threadsBefore.get(tid) ?? 0)] as const)
      const busy = used.filter(([tid, us]) => tid !== pid && us / n >= 0.5).sort((a, b) => b[1] - a[1])
      for (const [tid, us] of busy) console.log(`          thread ${tid} ${threadName(pid, tid).padEnd(16)} ${per(us, n)}`)
    }
  } finally {
    await child.stop()
  }
}
if (redisUrl) await removeBenchKeys(redisUrl, BENCH_REDIS_PREFIX)
