// GET /api/gaps: the questions the assistant could not answer, grouped and counted, newest first.
import type { FastifyInstance } from 'fastify'
import type { GapLog } from '../../conversation/gaps.js'

const MAX_LIMIT = 1000

export function registerGapsRoute(app: FastifyInstance, { gaps }: { gaps: GapLog }): void {
  app.get('/api/gaps', async (request, reply) => {
    const raw = (request.query as Record<string, unknown> | undefined)?.limit
    const limit = raw === undefined || raw === '' ? 50 : Number(raw)
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return reply.code(400).send({ error: `limit must be a whole number from 1 to ${MAX_LIMIT}` })
    }
    return { gaps: await gaps.list({ limit }) }
  })
}
