// POST /api/ask {question} -> {answer, citations, mode, outOfScope} (CONTRACT.md), plus confidence.
// Served on the node:http fast path (json-fast-path.ts).
import { setBounded } from '../../bounded.js'
import type { FastifyInstance } from 'fastify'
import { REMEMBERED_QUESTIONS, type Answerer } from '../../answer/answerer.js'
import { jsonFastPath, requireString } from './server.js'

export const MAX_QUESTION_CHARS = 1000

export function registerAskRoute(app: FastifyInstance, deps: { answerer: Answerer }): void {
  // Serialised extractive replies for repeated questions, as many as the answerer remembers (they cannot change).
  const serialised = new Map<string, Buffer>()
  jsonFastPath(app).add('POST', '/api/ask', async (body, headers) => {
    const question = requireString(body, 'question', MAX_QUESTION_CHARS)
    if ('error' in question) return { status: 400, payload: { error: question.error } }
    const channel = headers['x-channel'] === 'console' ? 'console' : 'api'
    // Always asked (so every question is counted and its gaps recorded); only the serialising is saved.
    const a = await deps.answerer.ask(question.value, { channel })
    const payload = { answer: a.answer, citations: a.citations, mode: a.mode, outOfScope: a.outOfScope, confidence: a.confidence }
    if (a.mode !== 'extractive') return { status: 200, payload }
    let raw = serialised.get(question.value)
    if (!raw) {
      raw = Buffer.from(JSON.stringify(payload))
      setBounded(serialised, question.value, raw, REMEMBERED_QUESTIONS)
    }
    return { status: 200, payload, raw }
  })
}
