// POST /api/ask {question} -> {answer, citations, mode, outOfScope} (CONTRACT.md), plus confidence.
// Served on the node:http fast path (json-fast-path.ts).
import type { FastifyInstance } from 'fastify'
import type { Answerer } from '../../answer/answerer.js'
import { jsonFastPath, requireString } from './server.js'

export const MAX_QUESTION_CHARS = 1000

export function registerAskRoute(app: FastifyInstance, deps: { answerer: Answerer }): void {
  jsonFastPath(app).add('POST', '/api/ask', async (body, headers) => {
    const question = requireString(body, 'question', MAX_QUESTION_CHARS)
    if ('error' in question) return { status: 400, payload: { error: question.error } }
    const channel = headers['x-channel'] === 'console' ? 'console' : 'api'
    const a = await deps.answerer.ask(question.value, { channel })
    return { status: 200, payload: { answer: a.answer, citations: a.citations, mode: a.mode, outOfScope: a.outOfScope, confidence: a.confidence } }
  })
}
