// POST /api/ask {question} -> {answer, citations, mode, outOfScope} (CONTRACT.md), plus confidence.
import type { FastifyInstance } from 'fastify'
import type { Answerer } from '../../answer/answerer.js'
import { requireString } from './server.js'

export const MAX_QUESTION_CHARS = 1000

export function registerAskRoute(app: FastifyInstance, deps: { answerer: Answerer }): void {
  app.post('/api/ask', async (request, reply) => {
    const question = requireString(request.body, 'question', MAX_QUESTION_CHARS)
    if ('error' in question) return reply.code(400).send({ error: question.error })
    const channel = request.headers['x-channel'] === 'console' ? 'console' : 'api'
    const a = await deps.answerer.ask(question.value, { channel })
    return { answer: a.answer, citations: a.citations, mode: a.mode, outOfScope: a.outOfScope, confidence: a.confidence }
  })
}
