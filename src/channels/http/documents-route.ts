// GET /api/documents (CONTRACT.md "Knowledge that knows time"): every document file, its status on a day
// (today in China, or ?asOf=YYYY-MM-DD), what it supersedes, and rejected files with their errors.
import type { FastifyInstance } from 'fastify'
import { todayInChina } from '../../china-today.js'
import type { Corpus } from '../../knowledge/corpus.js'
import { realDateOrError } from './as-of.js'

export function registerDocumentsRoute(app: FastifyInstance, deps: { corpus: () => Corpus }): void {
  app.get('/api/documents', async (request, reply) => {
    const raw = (request.query as Record<string, unknown> | undefined)?.asOf
    const asOf = raw === undefined || raw === '' ? todayInChina() : realDateOrError(raw)
    if (typeof asOf !== 'string') return reply.code(400).send(asOf)
    const corpus = deps.corpus()
    return { asOf, documents: corpus.list(asOf), warnings: corpus.warnings }
  })
}
