// `npm run bench`: the assistant's performance figures in one run (see docs/performance.md).
//   npm run bench                       SQLite mode
//   REDIS_URL=redis://127.0.0.1:6379/14 npm run bench    SQLite and Redis modes (or: npm run bench -- --redis)
// Prints a table and writes bench/results/latest.json.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { CHAT_MIXES, CONNECTIONS, askRequests, bareRequests, chatRequests, measure, newAskRequests, type LoadResult } from './http-load.js'
import { runChild, startChild } from './lib/child.js'
import { BENCH_REDIS_PREFIX, appEnv, type StoreMode } from './lib/env.js'
import { ROOT } from './lib/questions.js'

/** About the size of an /api/ask reply (answer, citations with quotes): the bare floor at that size shows what the reply's bytes alone cost. */
const ANSWER_BYTES = 1900
import { mb, median, round } from './lib/stats.js'
import { redisStatus, removeBenchKeys } from './redis-check.js'
import { startupMs } from './startup.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4)
const STARTUP_RUNS = 3
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/14'

interface InProcess {
  retrieval: { questions: number; calls: number; meanUs: number; p50Us: number; p99Us: number }
  engine: { questionTurnsPerSec: number; formTurnsPerSec: number; applicationsPerSec: number }
}
interface Memory {
  sessions: number
  createMs: number
  before: { rss: number; heapUsed: number }
  after: { rss: number; heapUsed: number; heapTotal: number; external: number }
}
type ChatMix = (typeof CHAT_MIXES)[number]['name']
interface ModeResult {
  mode: StoreMode
  inProcess: InProcess
  ask: LoadResult
  askNew: LoadResult
  chat: Record<ChatMix, LoadResult>
  memory: Memory
}

const log = (line: string) => process.stderr.write(`${line}\n`)

async function serverUrl(child: ReturnType<typeof startChild<{ url: string }>>): Promise<string> {
  return (await child.first).url
}

async function benchMode(mode: StoreMode, redisUrl: string | undefined): Promise<Omit<ModeResult, 'memory'>> {
  log(`[${mode}] in-process: retrieval and engine turns`)
  const inProcess = await runChild<InProcess>('in-process.ts', appEnv(mode, redisUrl))
  build()
  const app = startChild<{ url: string }>('app-server.mjs', appEnv(mode, redisUrl))
  try {
    const url = await serverUrl(app)
    log(`[${mode}] POST /api/ask, ${CONNECTIONS} connections, ${SECONDS} s`)
    const ask = await measure(url, askRequests, SECONDS)
    log(`[${mode}] POST /api/ask, every question new, ${SECONDS} s`)
    const askNew = await measure(url, newAskRequests, SECONDS)
    const chat = {} as Record<ChatMix, LoadResult>
    for (const mix of CHAT_MIXES) {
      log(`[${mode}] ${mix.label}, ${CONNECTIONS} connections, ${SECONDS} s`)
      chat[mix.name] = await measure(url, chatRequests(mix.applyEvery), SECONDS)
    }
    return { mode, inProcess, ask, askNew, chat }
  } finally {
    await app.stop()
  }
}

/** The HTTP and memory children run what `npm start` runs: the esbuild bundle in .build/. */
function build(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' })
}

async function memory(mode: StoreMode, redisUrl: string | undefined): Promise<Memory> {
  log(`[${mode}] memory with 10,000 sessions (the npm start build)`)
  build()
  return runChild<Memory>('sessions.mjs', appEnv(mode, redisUrl), ['--expose-gc'])
}

function redisUrlWanted(): string | undefined {
  const flag = process.argv.find((a) => a === '--redis' || a.startsWith('--redis='))
  if (flag?.startsWith('--redis=')) return flag.slice('--redis='.length)
  return process.env.REDIS_URL || (flag ? DEFAULT_REDIS_URL : undefined)
}

async function main() {
  const machine = {
    date: new Date().toISOString(),
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
  }
  log(`bench: ${machine.cores} cores, load ${machine.loadAverageAtStart.join(' ')}, node ${machine.node}`)

  const wantedRedis = redisUrlWanted()
  const redis = wantedRedis ? await redisStatus(wantedRedis) : { usable: false, note: 'not asked for (set REDIS_URL or pass --redis)' }
  const modes: StoreMode[] = redis.usable ? ['sqlite', 'redis'] : ['sqlite']
  if (wantedRedis && !redis.usable) log(`redis mode skipped: ${redis.note}`)

  log(`start-up: ${STARTUP_RUNS} runs of npm start until /healthz answers`)
  const startups: number[] = []
  for (let i = 0; i < STARTUP_RUNS; i++) startups.push(await startupMs(appEnv('sqlite', undefined)))

  const bare = startChild<{ url: string }>('bare-server.ts', {})
  const bareUrl = await serverUrl(bare)
  let fastifyFloor: LoadResult | undefined
  let answerSizedFloor: LoadResult | undefined
  const results: ModeResult[] = []
  const failures: string[] = []
  let floor: LoadResult[] = []
  try {
    log(`bare node:http floor, ${CONNECTIONS} connections, ${SECONDS} s`)
    floor.push(await measure(bareUrl, bareRequests, SECONDS))
    log(`Fastify floor (one trivial route), ${CONNECTIONS} connections, ${SECONDS} s`)
    const fastify = startChild<{ url: string }>('fastify-floor.ts', {})
    try {
      fastifyFloor = await measure(await serverUrl(fastify), bareRequests, SECONDS)
    } finally {
      await fastify.stop()
    }
    log(`bare node:http answering ${ANSWER_BYTES} bytes (an answer's size), ${CONNECTIONS} connections, ${SECONDS} s`)
    const sized = startChild<{ url: string }>('bare-server.ts', { BARE_BODY_BYTES: String(ANSWER_BYTES) })
    try {
      answerSizedFloor = await measure(await serverUrl(sized), bareRequests, SECONDS)
    } finally {
      await sized.stop()
    }
    for (const mode of modes) {
      try {
        const http = await benchMode(mode, wantedRedis)
        results.push({ ...http, memory: await memory(mode, wantedRedis) })
      } catch (err) {
        // One mode failing (Redis going away mid-run) must not lose the other's figures.
        if (mode === 'sqlite') throw err
        log(`[${mode}] failed: ${(err as Error).message}`)
        failures.push(`${mode}: ${(err as Error).message}`)
      }
    }
    log('bare node:http floor again (the higher of the two is the floor)')
    floor.push(await measure(bareUrl, bareRequests, SECONDS))
  } finally {
    await bare.stop()
    if (redis.usable) log(`redis: removed ${await removeBenchKeys(wantedRedis!, BENCH_REDIS_PREFIX)} bench keys (${BENCH_REDIS_PREFIX}*)`)
  }
  const bareBest = floor.reduce((a, b) => (b.requestsPerSec > a.requestsPerSec ? b : a))

  const report = {
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)) },
    settings: { connections: CONNECTIONS, seconds: SECONDS, warmUpSeconds: 1, startupRuns: STARTUP_RUNS },
    redis: redis.usable ? { url: redactUrl(wantedRedis!), failures } : { skipped: redis.note },
    startup: { runsMs: startups.map((ms) => round(ms)), bestMs: round(Math.min(...startups)), medianMs: round(median(startups)) },
    bare: { runs: floor, floor: bareBest },
    fastifyFloor: { ...fastifyFloor!, ratio: fastifyFloor!.requestsPerSec / bareBest.requestsPerSec },
    answerSizedFloor: answerSizedFloor!,
    modes: results.map((r) => ({
      ...r,
      ratios: {
        ask: r.ask.requestsPerSec / bareBest.requestsPerSec,
        chat: Object.fromEntries(CHAT_MIXES.map((mix) => [mix.name, r.chat[mix.name].requestsPerSec / bareBest.requestsPerSec])) as Record<ChatMix, number>,
      },
    })),
  }
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true })
  writeFileSync(join(ROOT, 'bench/results/latest.json'), JSON.stringify(report, null, 2) + '\n')
  console.log(renderTable(report))
  console.log('\nwritten: bench/results/latest.json')
  const failed = checks(report).filter((c) => !c.ok)
  if (failed.length) console.log(`\nbelow target: ${failed.map((c) => c.name).join('; ')}`)
  if (failures.length) console.log(`\nfailed: ${failures.join('; ')}`)
}

type Report = {
  machine: { date: string; cores: number; cpu: string; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] }
  startup: { runsMs: number[]; bestMs: number; medianMs: number }
  bare: { floor: LoadResult }
  fastifyFloor: LoadResult & { ratio: number }
  answerSizedFloor: LoadResult
  modes: (ModeResult & { ratios: { ask: number; chat: Record<ChatMix, number> } })[]
}

/** The targets of issue 9, per mode. */
function checks(report: Report): { name: string; ok: boolean }[] {
  const out = [{ name: 'start-up < 2 s', ok: report.startup.bestMs < 2000 }]
  for (const m of report.modes) {
    const clean = (r: LoadResult) => r.errors === 0 && r.timeouts === 0 && r.non2xx === 0
    const chats = CHAT_MIXES.map((mix) => m.chat[mix.name])
    out.push(
      { name: `${m.mode}: /api/ask >= 0.7 of bare`, ok: m.ratios.ask >= 0.7 },
      ...CHAT_MIXES.map((mix) => ({ name: `${m.mode}: ${mix.label} >= 0.5 of bare`, ok: m.ratios.chat[mix.name] >= 0.5 })),
      { name: `${m.mode}: no errors`, ok: [m.ask, m.askNew, ...chats].every(clean) },
      { name: `${m.mode}: p99 < 50 ms`, ok: [m.ask, ...chats].every((r) => r.p99Ms < 50) },
      { name: `${m.mode}: < 200 MB with 10,000 sessions`, ok: m.memory.after.rss < 200 * 1024 * 1024 },
    )
  }
  return out
}

function renderTable(report: Report): string {
  const modes = report.modes
  const rows: [string, ...string[]][] = []
  const row = (name: string, target: string, cell: (m: Report['modes'][number]) => string) => rows.push([name, ...modes.map(cell), target])
  const load = (r: LoadResult) => `${Math.round(r.requestsPerSec)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`
  const errs = (r: LoadResult) => `${r.errors + r.timeouts} errors, ${r.non2xx} non-2xx of ${r.requests}`
  const f = report.bare.floor
  row('retrieval per question (mean / p99)', '', (m) => `${round(m.inProcess.retrieval.meanUs)} µs / ${round(m.inProcess.retrieval.p99Us)} µs`)
  row('engine: question turns/s (in-process)', '', (m) => `${Math.round(m.inProcess.engine.questionTurnsPerSec)}`)
  row('engine: form turns/s (applications/s)', '', (m) => `${Math.round(m.inProcess.engine.formTurnsPerSec)} (${Math.round(m.inProcess.engine.applicationsPerSec)})`)
  row('bare node:http (the floor)', '', () => load(f))
  row('Fastify, one trivial route (framework floor)', '', () => load(report.fastifyFloor))
  row('  Fastify / bare', '', () => round(report.fastifyFloor.ratio, 2).toFixed(2))
  row(`bare node:http answering ${ANSWER_BYTES} bytes (an answer's size)`, '', () => load(report.answerSizedFloor))
  row('POST /api/ask', '', (m) => load(m.ask))
  row('  ask / bare', '>= 0.7', (m) => round(m.ratios.ask, 2).toFixed(2))
  row('  ask / bare of the same size', '', (m) => round(m.ask.requestsPerSec / report.answerSizedFloor.requestsPerSec, 2).toFixed(2))
  row('  errors', '0', (m) => errs(m.ask))
  row('POST /api/ask, every question new (no repeats)', '', (m) => load(m.askNew))
  row('  ask new / bare', '', (m) => round(m.askNew.requestsPerSec / f.requestsPerSec, 2).toFixed(2))
  for (const mix of CHAT_MIXES) {
    row(mix.label, '', (m) => load(m.chat[mix.name]))
    row('  chat / bare', '>= 0.5', (m) => round(m.ratios.chat[mix.name], 2).toFixed(2))
    row('  errors', '0', (m) => errs(m.chat[mix.name]))
  }
  row('start-up, npm start to /healthz 200 (best / median)', '< 2 s', () => `${report.startup.bestMs} ms / ${report.startup.medianMs} ms`)
  row('memory, 10,000 sessions: RSS (heap used)', '< 200 MB', (m) => `${mb(m.memory.after.rss)} MB (${mb(m.memory.after.heapUsed)} MB)`)
  row('  before the sessions: RSS (heap used)', '', (m) => `${mb(m.memory.before.rss)} MB (${mb(m.memory.before.heapUsed)} MB)`)

  const header: [string, ...string[]] = ['', ...modes.map((m) => m.mode), 'target']
  const all = [header, ...rows]
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)))
  const line = (r: string[]) => `| ${r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`
  const m = report.machine
  return [
    `bench ${m.date}: ${m.cores} cores (${m.cpu}), node ${m.node}, load ${m.loadAverageAtStart.join(' ')} -> ${m.loadAverageAtEnd.join(' ')}`,
    `HTTP: ${CONNECTIONS} connections, ${SECONDS} s each after a 1 s warm-up, 127.0.0.1`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n')
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@')
}

await main()
