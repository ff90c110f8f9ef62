// `npm run bench`: the assistant's performance figures in one run (see docs/performance.md).
//   npm run bench                       SQLite mode
//   REDIS_URL=redis://127.0.0.1:6379/14 npm run bench    SQLite and Redis modes (or: npm run bench -- --redis)
//   npm run bench -- --wechat           only the 公众号 callback figure (bench/wechat-callback.ts)
// Prints a table and writes bench/results/latest.json.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { CHAT_MIXES, CONNECTIONS, askRequests, bareRequests, chatRequests, measure, newAskRequests, paired, type CpuPerRequest, type LoadResult, type Paired } from './http-load.js'
import { runChild, startChild } from './lib/child.js'
import { BENCH_REDIS_PREFIX, appEnv, type StoreMode } from './lib/env.js'
import { rssBytes } from './lib/proc.js'
import { knowledgeCopy, removeKnowledgeCopy, startReloading } from './lib/reloader.js'
import { ROOT, evalQuestions } from './lib/questions.js'
import { mb, median, round } from './lib/stats.js'
import { redisServerPid, redisStatus, removeBenchKeys } from './redis-check.js'
import { startupMs } from './startup.js'
import { describeWechatCallback, wechatCallbackBench, type WechatCallbackResult } from './wechat-callback.js'

/** About the size of an /api/ask reply (answer, citations with quotes): the bare floor at that size shows what the reply's bytes alone cost. */
const ANSWER_BYTES = 1900

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6)
/** Each HTTP row: this many rounds of ROUND_SECONDS, alternating assistant and bare server (BENCH_SECONDS in all). */
const ROUND_SECONDS = 1
const ROUNDS = Math.max(1, Math.round(SECONDS / ROUND_SECONDS))
const STARTUP_RUNS = 3
/**
 * Before its rows, each mode's server runs the rows' traffic for this long, as a running service has. V8 keeps
 * compiling hot code for about ten seconds here (on two background threads that share the cores with the load
 * generator); a row measured in that time measures the compiler. The per-row 1 s warm-up stays.
 */
const STEADY_STATE_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 10)
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/14'
/** Users for the memory figures (sessions.mjs reads the same variable). */
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10_000)

interface InProcess {
  retrieval: { questions: number; calls: number; meanUs: number; p50Us: number; p99Us: number }
  engine: { questionTurnsPerSec: number; formTurnsPerSec: number; applicationsPerSec: number }
}
interface Memory {
  sessions: number
  createMs: number
  before: { rss: number; heapUsed: number }
  after: { rss: number; heapUsed: number; heapTotal: number; external: number }
  /** The same number of users over HTTP to a started `npm start` build, RSS read as is (no forced GC). */
  overHttp: { rss: number; seconds: number }
}
type ChatMix = (typeof CHAT_MIXES)[number]['name']
interface ModeResult {
  mode: StoreMode
  inProcess: InProcess
  ask: Paired
  /** /api/ask while a document changes every second (each change a reload that builds a new index). */
  askReloading: Paired & { reloads: number }
  askNew: Paired
  chat: Record<ChatMix, Paired>
  memory: Memory
}

/** The row under each ratio: CPU µs a request, and the shares of bare that CPU allows (RowCpu). */
const CPU_ROW = '  CPU µs a request: main / process / load gen. (/ redis)'

const log = (line: string) => process.stderr.write(`${line}\n`)

async function serverUrl(child: ReturnType<typeof startChild<{ url: string }>>): Promise<string> {
  return (await child.first).url
}

/** The HTTP rows of one mode, each against the bare floor under the same traffic (see paired()). */
async function benchMode(mode: StoreMode, redisUrl: string | undefined, bare: { url: string; pid: number }): Promise<Omit<ModeResult, 'memory'>> {
  log(`[${mode}] in-process: retrieval and engine turns`)
  const inProcess = await runChild<InProcess>('in-process.ts', appEnv(mode, redisUrl))
  build()
  const knowledgeDir = knowledgeCopy()
  const app = startChild<{ url: string }>('app-server.mjs', { ...appEnv(mode, redisUrl), KNOWLEDGE_DIR: knowledgeDir })
  try {
    const url = await serverUrl(app)
    // Whose CPU each row counts: redis-server's too in Redis mode, when it runs on this machine.
    const processes = { appPid: app.process.pid!, barePid: bare.pid, redisPid: mode === 'redis' && redisUrl ? await redisServerPid(redisUrl) : undefined }
    log(`[${mode}] steady state: ${STEADY_STATE_SECONDS} s of every row's traffic, not counted`)
    const mixes = [askRequests, newAskRequests, ...CHAT_MIXES.map((mix) => chatRequests(mix.applyEvery))]
    for (const requests of mixes) await measure(url, requests, STEADY_STATE_SECONDS / mixes.length, 0)
    const row = (label: string, requests: Parameters<typeof paired>[2]) => {
      log(`[${mode}] ${label}: ${ROUNDS} rounds of ${ROUND_SECONDS} s, alternating with the bare server, ${CONNECTIONS} connections`)
      return paired(url, bare.url, requests, ROUNDS, ROUND_SECONDS, processes)
    }
    const ask = await row('POST /api/ask', askRequests)
    const reloading = startReloading(knowledgeDir)
    let askReloading: Paired & { reloads: number }
    try {
      askReloading = { ...(await row('POST /api/ask, a document changing every second', askRequests)), reloads: 0 }
    } finally {
      askReloading!.reloads = reloading.stop()
    }
    const askNew = await row('POST /api/ask, every question new', newAskRequests)
    const chat = {} as Record<ChatMix, Paired>
    for (const mix of CHAT_MIXES) chat[mix.name] = await row(mix.label, chatRequests(mix.applyEvery))
    return { mode, inProcess, ask, askReloading: askReloading!, askNew, chat }
  } finally {
    await app.stop()
    removeKnowledgeCopy(knowledgeDir)
  }
}

/** The HTTP and memory children run what `npm start` runs: the esbuild bundle in .build/. */
function build(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' })
}

async function memory(mode: StoreMode, redisUrl: string | undefined): Promise<Memory> {
  log(`[${mode}] memory with ${SESSIONS} sessions (the npm start build): in-process after a full GC, then over HTTP as is`)
  build()
  const inProcess = await runChild<Omit<Memory, 'overHttp'>>('sessions.mjs', appEnv(mode, redisUrl), ['--expose-gc'])
  return { ...inProcess, overHttp: await memoryOverHttp(mode, redisUrl) }
}

/**
 * What an operator's dashboard would show: a started app's RSS after SESSIONS users each sent one POST /api/chat
 * (half start an application, half ask a question, 32 at a time), a second later, with no GC forced.
 */
async function memoryOverHttp(mode: StoreMode, redisUrl: string | undefined): Promise<Memory['overHttp']> {
  const app = startChild<{ url: string }>('app-server.mjs', appEnv(mode, redisUrl))
  try {
    const url = `${await serverUrl(app)}/api/chat`
    const questions = evalQuestions()
    const started = performance.now()
    let next = 0
    await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
      for (let i = next++; i < SESSIONS; i = next++) {
        const text = i % 2 === 0 ? '我想加入工会' : questions[(i >> 1) % questions.length]
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: `http-mem-${i}`, text }) })
        if (!res.ok) throw new Error(`POST /api/chat answered ${res.status}`)
        await res.arrayBuffer()
      }
    }))
    const seconds = (performance.now() - started) / 1000
    await new Promise((resolve) => setTimeout(resolve, 1000))
    return { rss: rssBytes(app.process.pid!), seconds: round(seconds, 1) }
  } finally {
    await app.stop()
  }
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

  log(`start-up: ${STARTUP_RUNS} runs of npm start until /healthz answers, after one with a fresh build`)
  const firstStartMs = await startupMs(appEnv('sqlite', undefined), { forceBuild: true })
  const startups: number[] = []
  for (let i = 0; i < STARTUP_RUNS; i++) startups.push(await startupMs(appEnv('sqlite', undefined)))

  const bare = startChild<{ url: string }>('bare-server.ts', {})
  const bareUrl = await serverUrl(bare)
  let fastifyFloor: Paired | undefined
  let answerSizedFloor: Paired | undefined
  const results: ModeResult[] = []
  const failures: string[] = []
  try {
    // The two reference servers, against the bare one under the same (fixed-body) traffic.
    const pairedWithBare = async (label: string, child: string, env: Record<string, string>): Promise<Paired> => {
      log(`${label}: ${ROUNDS} rounds of ${ROUND_SECONDS} s, alternating with the bare server`)
      const server = startChild<{ url: string }>(child, env)
      try {
        return await paired(await serverUrl(server), bareUrl, bareRequests, ROUNDS, ROUND_SECONDS)
      } finally {
        await server.stop()
      }
    }
    fastifyFloor = await pairedWithBare('Fastify floor (one trivial route)', 'fastify-floor.ts', {})
    answerSizedFloor = await pairedWithBare(`bare node:http answering ${ANSWER_BYTES} bytes`, 'bare-server.ts', { BARE_BODY_BYTES: String(ANSWER_BYTES) })
    for (const mode of modes) {
      try {
        const http = await benchMode(mode, wantedRedis, { url: bareUrl, pid: bare.process.pid! })
        results.push({ ...http, memory: await memory(mode, wantedRedis) })
      } catch (err) {
        // One mode failing (Redis going away mid-run) must not lose the other's figures.
        if (mode === 'sqlite') throw err
        log(`[${mode}] failed: ${(err as Error).message}`)
        failures.push(`${mode}: ${(err as Error).message}`)
      }
    }
  } finally {
    await bare.stop()
    if (redis.usable) log(`redis: removed ${await removeBenchKeys(wantedRedis!, BENCH_REDIS_PREFIX)} bench keys (${BENCH_REDIS_PREFIX}*)`)
  }
  log('公众号 callbacks while answers are sent (SQLite)')
  const wechatCallback = await wechatCallbackBench()
  const floors = [fastifyFloor!, answerSizedFloor!, ...results.flatMap((m) => [m.ask, m.askNew, ...Object.values(m.chat)])].map((r) => r.floorPerSec)

  const report = {
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)) },
    settings: { connections: CONNECTIONS, seconds: SECONDS, steadyStateSeconds: STEADY_STATE_SECONDS, warmUpSeconds: 1, startupRuns: STARTUP_RUNS },
    redis: redis.usable ? { url: redactUrl(wantedRedis!), failures } : { skipped: redis.note },
    startup: { firstWithBuildMs: round(firstStartMs), runsMs: startups.map((ms) => round(ms)), bestMs: round(Math.min(...startups)), medianMs: round(median(startups)) },
    bareFloorRange: { min: Math.min(...floors), max: Math.max(...floors) },
    fastifyFloor: fastifyFloor!,
    answerSizedFloor: answerSizedFloor!,
    modes: results,
    wechatCallback,
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
  startup: { firstWithBuildMs: number; runsMs: number[]; bestMs: number; medianMs: number }
  bareFloorRange: { min: number; max: number }
  fastifyFloor: Paired
  answerSizedFloor: Paired
  modes: ModeResult[]
  wechatCallback: WechatCallbackResult
}

/** The targets of issue 9, per mode. */
function checks(report: Report): { name: string; ok: boolean }[] {
  const out = [
    { name: 'start-up < 2 s', ok: report.startup.bestMs < 2000 && report.startup.firstWithBuildMs < 2000 },
    { name: '公众号 callback acknowledged, p99 < 50 ms', ok: report.wechatCallback.ack.p99Ms < 50 && report.wechatCallback.ack.failed === 0 },
  ]
  for (const m of report.modes) {
    const clean = (r: LoadResult) => r.errors === 0 && r.timeouts === 0 && r.non2xx === 0
    const chats = CHAT_MIXES.map((mix) => m.chat[mix.name])
    out.push(
      { name: `${m.mode}: /api/ask >= 0.7 of bare`, ok: m.ask.ratio >= 0.7 },
      { name: `${m.mode}: /api/ask while reloading >= 0.7 of bare, p99 < 50 ms`, ok: m.askReloading.ratio >= 0.7 && m.askReloading.p99Ms < 50 },
      ...CHAT_MIXES.map((mix) => ({ name: `${m.mode}: ${mix.label} >= 0.5 of bare`, ok: m.chat[mix.name].ratio >= 0.5 })),
      { name: `${m.mode}: no errors`, ok: [m.ask, m.askReloading, m.askNew, ...chats].every(clean) },
      { name: `${m.mode}: p99 < 50 ms`, ok: [m.ask, ...chats].every((r) => r.p99Ms < 50) },
      { name: `${m.mode}: < 200 MB with ${m.memory.sessions.toLocaleString('en')} sessions`, ok: m.memory.after.rss < 200 * 1024 * 1024 && m.memory.overHttp.rss < 200 * 1024 * 1024 },
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
  // The rounds' lowest and highest share beside the median: one run's figure is read with its noise.
  const spread = (r: Paired) => `rounds ${Math.min(...r.roundRatios).toFixed(2)}–${Math.max(...r.roundRatios).toFixed(2)}`
  const ratio = (r: Paired) => `${round(r.ratio, 2).toFixed(2)} (${spread(r)}; bare, same traffic: ${Math.round(r.floorPerSec)} req/s)`
  // The CPU behind a ratio: the assistant's per request (main thread / whole process / load generator, and
  // redis-server), the bare server's, and the shares of bare that CPU allows (RowCpu).
  const cpu = (r: Paired, mode: StoreMode) => {
    if (!r.cpu) return ''
    const { app, bare, allows } = r.cpu
    const us = (c: CpuPerRequest) => `${c.main.toFixed(0)} / ${c.process.toFixed(0)} / ${c.client.toFixed(0)}${mode === 'redis' ? ` / ${c.redis.toFixed(0)}` : ''}`
    return `${us(app)} (bare ${us(bare)}); allows ${allows.mainThread.toFixed(2)} (main thread), ${allows.cores.toFixed(2)} (cores)`
  }
  const sized = report.answerSizedFloor
  row('retrieval per question (mean / p99)', '', (m) => `${round(m.inProcess.retrieval.meanUs)} µs / ${round(m.inProcess.retrieval.p99Us)} µs`)
  row('engine: question turns/s (in-process)', '', (m) => `${Math.round(m.inProcess.engine.questionTurnsPerSec)}`)
  row('engine: form turns/s (applications/s)', '', (m) => `${Math.round(m.inProcess.engine.formTurnsPerSec)} (${Math.round(m.inProcess.engine.applicationsPerSec)})`)
  row('bare node:http (the floor), lowest and highest in this run', '', () => `${Math.round(report.bareFloorRange.min)} to ${Math.round(report.bareFloorRange.max)} req/s (by traffic)`)
  row('Fastify, one trivial route (framework floor)', '', () => load(report.fastifyFloor))
  row('  Fastify / bare', '', () => ratio(report.fastifyFloor))
  row(`bare node:http answering ${ANSWER_BYTES} bytes (an answer's size)`, '', () => load(sized))
  row('  / bare', '', () => ratio(sized))
  row('POST /api/ask', '', (m) => load(m.ask))
  row('  ask / bare', '>= 0.7', (m) => ratio(m.ask))
  row(CPU_ROW, '', (m) => cpu(m.ask, m.mode))
  row('  errors', '0', (m) => errs(m.ask))
  row('POST /api/ask, a document changing every second', '', (m) => `${load(m.askReloading)}, ${m.askReloading.reloads} changes`)
  row('  ask reloading / bare', '>= 0.7', (m) => ratio(m.askReloading))
  row('  errors', '0', (m) => errs(m.askReloading))
  row('POST /api/ask, every question new (no repeats)', '', (m) => load(m.askNew))
  row('  ask new / bare', '', (m) => ratio(m.askNew))
  row(CPU_ROW, '', (m) => cpu(m.askNew, m.mode))
  for (const mix of CHAT_MIXES) {
    row(mix.label, '', (m) => load(m.chat[mix.name]))
    row('  chat / bare', '>= 0.5', (m) => ratio(m.chat[mix.name]))
    row(CPU_ROW, '', (m) => cpu(m.chat[mix.name], m.mode))
    row('  errors', '0', (m) => errs(m.chat[mix.name]))
  }
  row('公众号 callback acknowledged while answers are sent (SQLite)', '< 50 ms p99', () => describeWechatCallback(report.wechatCallback))
  row('start-up, npm start to /healthz 200 (best / median)', '< 2 s', () => `${report.startup.bestMs} ms / ${report.startup.medianMs} ms`)
  row('  first start after a change (esbuild pass included)', '< 2 s', () => `${report.startup.firstWithBuildMs} ms`)
  row(`memory, ${(modes[0]?.memory.sessions ?? SESSIONS).toLocaleString('en')} sessions: RSS (heap used)`, '< 200 MB', (m) => `${mb(m.memory.after.rss)} MB (${mb(m.memory.after.heapUsed)} MB)`)
  row('  before the sessions: RSS (heap used)', '', (m) => `${mb(m.memory.before.rss)} MB (${mb(m.memory.before.heapUsed)} MB)`)
  row('  the same over HTTP to npm start, RSS as is (no forced GC)', '< 200 MB', (m) => `${mb(m.memory.overHttp.rss)} MB`)

  const header: [string, ...string[]] = ['', ...modes.map((m) => m.mode), 'target']
  const all = [header, ...rows]
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)))
  const line = (r: string[]) => `| ${r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`
  const m = report.machine
  return [
    `bench ${m.date}: ${m.cores} cores (${m.cpu}), node ${m.node}, load ${m.loadAverageAtStart.join(' ')} -> ${m.loadAverageAtEnd.join(' ')}`,
    `HTTP: ${CONNECTIONS} connections, 127.0.0.1; each row ${ROUNDS} rounds of ${ROUND_SECONDS} s alternating with the bare server under the same traffic (after ${STEADY_STATE_SECONDS} s of all rows' traffic per mode and a 1 s warm-up per row); ratio = median of the rounds' shares`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n')
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@')
}

if (process.argv.includes('--wechat')) console.log(`公众号 callbacks: ${describeWechatCallback(await wechatCallbackBench())}`)
else await main()
