// HTTP throughput and latency with autocannon: 32 connections on loopback, a short warm-up that is not
// counted, then measured windows. The same settings and the same traffic for the bare floor and the assistant.
import autocannon from 'autocannon'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { startCpuMeter, type CpuUse } from './lib/proc.js'
import { evalQuestions, unionApplication } from './lib/questions.js'

export const CONNECTIONS = 32

export interface LoadResult {
  requestsPerSec: number
  p50Ms: number
  p99Ms: number
  requests: number
  errors: number
  timeouts: number
  non2xx: number
}

type Requests = NonNullable<autocannon.Options['requests']>

async function cannon(url: string, requests: Requests, seconds: number): Promise<LoadResult> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, requests, timeout: 10 })
  return {
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  }
}

/** Warm up (JIT, caches, connections) for `warmSeconds`, then measure for `seconds`. */
export async function measure(url: string, requests: () => Requests, seconds: number, warmSeconds = 1): Promise<LoadResult> {
  if (warmSeconds > 0) await cannon(url, requests(), warmSeconds)
  return cannon(url, requests(), seconds)
}

/** CPU per request over a row's rounds, in µs (see CpuUse). */
export interface CpuPerRequest {
  main: number
  process: number
  client: number
  redis: number
}

/**
 * Where a row's CPU went, and the shares of the floor that CPU allows: what the assistant's serial main thread
 * could reach with nothing else in its way, and what the machine's cores could if all the row's work (server,
 * load generator, redis-server) were spread perfectly over them: the most that moving the same work off the
 * main thread, to other threads or processes, could reach. (`os.cpus()` counts the cores; a container's CPU quota
 * would lower the second.)
 */
export interface RowCpu {
  app: CpuPerRequest
  bare: CpuPerRequest
  allows: { mainThread: number; cores: number }
}

/** A row measured against the bare floor: the assistant's figures, the floor's, and the share. */
export interface Paired extends LoadResult {
  /** The bare server's req/s under the same client traffic (median of the rounds). */
  floorPerSec: number
  /** Median over the rounds of (assistant req/s / bare req/s in the round next to it). */
  ratio: number
  /** Each round's share, in round order: how far one round strays from the median on this machine. */
  roundRatios: number[]
  /** Present when the row was measured with the servers' process ids. */
  cpu?: RowCpu
}

/** The processes whose CPU a row counts: the assistant, the bare server, and redis-server in Redis mode. */
export interface RowProcesses {
  appPid: number
  barePid: number
  redisPid?: number
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function perRequest(uses: CpuUse[], requests: number): CpuPerRequest {
  const sum = (key: keyof CpuUse) => uses.reduce((n, u) => n + u[key], 0) / Math.max(1, requests)
  return { main: sum('mainUs'), process: sum('processUs'), client: sum('clientUs'), redis: sum('redisUs') }
}

function sharesAllowed(app: CpuPerRequest, floorPerSec: number): RowCpu['allows'] {
  return {
    mainThread: 1e6 / app.main / floorPerSec,
    cores: (os.cpus().length * 1e6) / (app.process + app.client + app.redis) / floorPerSec,
  }
}

/**
 * The assistant and the bare server under the *same* client traffic, in alternating short rounds. Two reasons:
 * - The client shares the cores. Building each request (a new question, a new user) costs autocannon more
 *   than resending one fixed body, so the floor must be driven by the same traffic, or part of the client's
 *   cost would be counted against the server.
 * - This VM's speed drifts (2x within a minute). Rounds of a second, alternated, and the median of the
 *   per-round shares, keep a slow moment from landing on one side only.
 * With the processes' ids, it also counts the CPU each side spends per request (RowCpu), each in its own rounds:
 * work a side leaves for later (a background job, a collection) may land in the other's.
 */
export async function paired(appUrl: string, bareUrl: string, requests: () => Requests, rounds: number, roundSeconds = 1, processes?: RowProcesses): Promise<Paired> {
  await cannon(bareUrl, requests(), 1) // warm-up, not counted
  await cannon(appUrl, requests(), 1)
  const app: LoadResult[] = []
  const bare: LoadResult[] = []
  const appCpu: CpuUse[] = []
  const bareCpu: CpuUse[] = []
  const round = async (url: string, pid: number | undefined, results: LoadResult[], cpu: CpuUse[]) => {
    const stop = pid === undefined ? undefined : startCpuMeter(pid, processes?.redisPid)
    results.push(await cannon(url, requests(), roundSeconds))
    if (stop) cpu.push(stop())
  }
  for (let i = 0; i < rounds; i++) {
    await round(bareUrl, processes?.barePid, bare, bareCpu)
    await round(appUrl, processes?.appPid, app, appCpu)
  }
  const sum = (results: LoadResult[], key: 'requests' | 'errors' | 'timeouts' | 'non2xx') => results.reduce((n, r) => n + r[key], 0)
  const shares = app.map((r, i) => r.requestsPerSec / bare[i].requestsPerSec)
  const floorPerSec = median(bare.map((r) => r.requestsPerSec))
  const appPerRequest = perRequest(appCpu, sum(app, 'requests'))
  return {
    requestsPerSec: median(app.map((r) => r.requestsPerSec)),
    p50Ms: median(app.map((r) => r.p50Ms)),
    p99Ms: Math.max(...app.map((r) => r.p99Ms)), // the worst round's: latency is not averaged away
    requests: sum(app, 'requests'),
    errors: sum(app, 'errors'),
    timeouts: sum(app, 'timeouts'),
    non2xx: sum(app, 'non2xx'),
    floorPerSec,
    ratio: median(shares),
    roundRatios: shares,
    cpu: processes && {
      app: appPerRequest,
      bare: perRequest(bareCpu, sum(bare, 'requests')),
      allows: sharesAllowed(appPerRequest, floorPerSec),
    },
  }
}

const json = { 'content-type': 'application/json' }

/** The bare server gets the same kind of body as /api/ask. */
export function bareRequests(): Requests {
  return [{ method: 'POST', path: '/', headers: json, body: JSON.stringify({ question: '灵活就业人员可以参加哪些社会保险？' }) }]
}

/** POST /api/ask over every eval question in turn (in-scope and out-of-scope): repeats, as real traffic has. */
export function askRequests(): Requests {
  const questions = evalQuestions().map((question) => JSON.stringify({ question }))
  let next = 0
  return [
    {
      method: 'POST',
      path: '/api/ask',
      headers: json,
      setupRequest: (req) => ({ ...req, body: questions[next++ % questions.length] }),
    },
  ]
}

/** The same questions, each made new by a number, so none is answered from the answerer's memory. */
export function newAskRequests(): Requests {
  const questions = evalQuestions()
  const run = randomBytes(3).toString('hex')
  let next = 0
  return [
    {
      method: 'POST',
      path: '/api/ask',
      headers: json,
      setupRequest: (req) => {
        const n = next++
        return { ...req, body: JSON.stringify({ question: `${questions[n % questions.length]} ${run}${n}` }) }
      },
    },
  ]
}

/**
 * POST /api/chat as many users: each connection plays one user after another, every user new. A user either
 * asks six eval questions or goes through a whole union-membership application (six turns, submitted);
 * `applyEvery` picks how many apply: 0 none, 5 one user in five, 2 one in two.
 * autocannon restarts the list, with a fresh context, after the last entry: that is where a new user begins.
 */
export function chatRequests(applyEvery: number): () => Requests {
  return () => {
    const questions = evalQuestions()
    const run = randomBytes(3).toString('hex')
    let users = 0
    let asked = 0
    const turns = 6
    return Array.from({ length: turns }, (_, step) => ({
      method: 'POST' as const,
      path: '/api/chat',
      headers: json,
      setupRequest: (req: any, context: any) => {
        if (step === 0) {
          context.user = users++
          context.script = applyEvery > 0 && context.user % applyEvery === 0 ? unionApplication(context.user) : undefined
        }
        const text: string = context.script ? context.script[step] : questions[asked++ % questions.length]
        return { ...req, body: JSON.stringify({ userId: `bench-${run}-${context.user}`, text }) }
      },
    }))
  }
}

/** How the tools name a traffic on their first line: the route, and for chat the mix (0: questions only). */
export function trafficLabel(target: string, applyEvery: number): string {
  if (target !== 'chat') return 'POST /api/ask'
  return `POST /api/chat, ${applyEvery ? `1 user in ${applyEvery} applies` : 'questions only'}`
}

/** The /api/chat traffic the bench measures: questions only, one user in five applying, one in two. */
export const CHAT_MIXES = [
  { name: 'questions', label: 'POST /api/chat, questions only (many users)', applyEvery: 0 },
  { name: 'oneInFive', label: 'POST /api/chat, 1 user in 5 applies', applyEvery: 5 },
  { name: 'oneInTwo', label: 'POST /api/chat, 1 user in 2 applies', applyEvery: 2 },
] as const
