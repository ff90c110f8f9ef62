// HTTP throughput and latency with autocannon: 32 connections on loopback, a short warm-up that is not
// counted, then a fixed window. The same settings for the bare floor and for the assistant.
import autocannon from 'autocannon'
import { randomBytes } from 'node:crypto'
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
  await cannon(url, requests(), warmSeconds)
  return cannon(url, requests(), seconds)
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

/** The /api/chat traffic the bench measures: questions only, one user in five applying, one in two. */
export const CHAT_MIXES = [
  { name: 'questions', label: 'POST /api/chat, questions only (many users)', applyEvery: 0 },
  { name: 'oneInFive', label: 'POST /api/chat, 1 user in 5 applies', applyEvery: 5 },
  { name: 'oneInTwo', label: 'POST /api/chat, 1 user in 2 applies', applyEvery: 2 },
] as const
