// Counts per request that do not drift with the VM's speed: the assistant's system calls by kind (perf's
// syscall tracepoints, when `perf` is installed and allowed) and, in Redis mode, the Redis commands it causes
// (INFO commandstats before and after, so a shared Redis's figures are not reset).
//   npx tsx bench/counts.ts ask|chat [applyEvery] [requests] [--redis]
// A time-based figure here moves by 15 % between runs; these move by a percent or two. docs/performance.md
// uses them to judge changes to the storage path (WAL page writes, round trips to Redis).
import autocannon from 'autocannon'
import { execFileSync, spawn } from 'node:child_process'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { CONNECTIONS, askRequests, chatRequests, trafficLabel } from './http-load.js'
import { startChild } from './lib/child.js'
import { appEnv, BENCH_REDIS_PREFIX } from './lib/env.js'
import { ROOT } from './lib/questions.js'
import { removeBenchKeys } from './redis-check.js'

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const redisUrl = process.argv.includes('--redis') ? 'redis://127.0.0.1:6379/14' : undefined
const target = args[0] === 'chat' ? 'chat' : 'ask'
const applyEvery = Number(args[1] ?? 2)
const amount = Number(args[2] ?? 30_000)
const traffic = target === 'chat' ? chatRequests(applyEvery) : askRequests
const SYSCALLS = ['writev', 'write', 'read', 'pwrite64', 'pread64', 'fcntl', 'epoll_pwait', 'futex']

/** Calls per Redis command from INFO commandstats (every database of the server). */
async function commandStats(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats')
  return new Map([...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1], Number(m[2])]))
}

/** `perf stat` on the process while `work` runs; undefined where perf is missing or not allowed. */
async function countSyscalls(pid: number, work: () => Promise<void>): Promise<Map<string, number> | undefined> {
  const events = ['raw_syscalls:sys_enter', ...SYSCALLS.map((s) => `syscalls:sys_enter_${s}`)]
  let perf
  try {
    execFileSync('perf', ['stat', '-e', events[0], 'true'], { stdio: 'ignore' })
    perf = spawn('perf', ['stat', '-x', ',', '-e', events.join(','), '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] })
  } catch {
    await work()
    return undefined
  }
  let out = ''
  perf.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  await new Promise((resolve) => setTimeout(resolve, 300)) // perf attaches
  await work()
  const exited = new Promise((resolve) => perf.once('exit', resolve))
  perf.kill('SIGINT')
  await exited
  const counts = new Map<string, number>()
  for (const line of out.split('\n')) {
    const [value, , event] = line.split(',')
    if (event && /^\d+$/.test(value)) counts.set(event.replace(/^(raw_)?syscalls:sys_enter_?/, '') || 'all', Number(value))
  }
  return counts
}

execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' })
const label = trafficLabel(target, applyEvery)
console.log(`${label}, ${redisUrl ? 'Redis' : 'SQLite'} mode: ${amount} requests, ${CONNECTIONS} connections (counts per request)`)
const app = startChild<{ url: string }>('app-server.mjs', appEnv(redisUrl ? 'redis' : 'sqlite', redisUrl))
const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 1 }) : undefined
try {
  const { url } = await app.first
  await autocannon({ url, connections: CONNECTIONS, duration: 3, requests: traffic() }) // warm-up
  const before = redis ? await commandStats(redis) : undefined
  let served = 0
  const syscalls = await countSyscalls(app.process.pid!, async () => {
    const result = await autocannon({ url, connections: CONNECTIONS, amount, requests: traffic() })
    served = result.requests.total
    if (result.errors || result.non2xx) throw new Error(`${result.errors} errors, ${result.non2xx} non-2xx`)
  })
  const per = (n: number) => (n / served).toFixed(2)
  if (syscalls) console.log(`system calls: ${[...syscalls].map(([name, n]) => `${name} ${per(n)}`).join(', ')}`)
  else console.log('system calls: not counted (perf is missing or not allowed here)')
  if (redis && before) {
    const after = await commandStats(redis)
    const grew = [...after].filter(([name]) => name !== 'info').map(([name, n]) => [name, n - (before.get(name) ?? 0)] as const).filter(([, n]) => n > 0)
    const total = grew.reduce((sum, [, n]) => sum + n, 0)
    console.log(`redis commands (scripts' own calls included): ${per(total)}; ${grew.sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${per(n)}`).join(', ')}`)
  }
} finally {
  await app.stop()
  if (redis) {
    redis.disconnect()
    console.log(`redis: removed ${await removeBenchKeys(redisUrl!, BENCH_REDIS_PREFIX)} bench keys`)
  }
}
