// POST /api/ask {question, asOf?} -> {answer, citations, mode, outOfScope} (CONTRACT.md), plus confidence.
// Served on the node:http fast path (json-fast-path.ts). asOf (default today in China) picks the documents in force.
import { setBounded } from '../../bounded.js'
import type { FastifyInstance } from 'fastify'
import { REMEMBERED_QUESTIONS, type Answerer } from '../../answer/answerer.js'
import { realDateOrError } from './as-of.js'
import { jsonFastPath, requireString } from './server.js'

export const MAX_QUESTION_CHARS = 1000

export function registerAskRoute(app: FastifyInstance, deps: { answerer: Answerer }): void {
  // Serialised extractive replies for repeated questions, as many as the answerer remembers (they cannot change).
  const serialised = new Map<string, Buffer>()
  jsonFastPath(app).add('POST', '/api/ask', async (body, headers) => {
    const question = requireString(body, 'question', MAX_QUESTION_CHARS)
    if ('error' in question) return { status: 400, payload: { error: question.error } }
    const given = (body as Record<string, unknown>).asOf
    const asOf = given === undefined || given === null ? undefined : realDateOrError(given)
    if (typeof asOf === 'object') return { status: 400, payload: asOf }
    const channel = headers['x-channel'] === 'console' ? 'console' : 'api'
    // Read before asking: a reload between the two can only make this key older than the answer, never newer.
    const version = deps.answerer.knowledgeVersion(asOf)
    // Always asked (so every question is counted and its gaps recorded); only the serialising is saved.
    const a = await deps.answerer.ask(question.value, { channel, asOf })
    const payload = { answer: a.answer, citations: a.citations, mode: a.mode, outOfScope: a.outOfScope, confidence: a.confidence }
    // A past day's answer also depends on what changed since (dated-answerer.ts): rare, and not kept.
    if (a.mode !== 'extractive' || asOf) return { status: 200, payload }
    // Keyed by what was in force: the same question on another day, or after a reload, is serialised anew.
    const key = `${version}\u0000${question.value}`
    let raw = serialised.get(key)
    if (!raw) {
      raw = Buffer.from(JSON.stringify(payload))
      setBounded(serialised, key, raw, REMEMBERED_QUESTIONS)
    }
    return { status: 200, payload, raw }
  })
}
