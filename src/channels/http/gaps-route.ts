// GET /api/gaps: the questions the assistant could not answer (or answered only partly, or an agent flagged),
// grouped and counted, newest first. POST /api/gaps: the console's 答得不对 (CONTRACT.md "Hotline console").
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { GapLog } from '../../conversation/gaps.js'

const MAX_LIMIT = 1000

// Questions, answers and notes are masked by the gap log before anything is stored (ID and phone numbers).
const flagBody = z.object({
  question: z.string({ message: 'must be the question as asked' }).trim().min(1, { message: 'must not be empty' }).max(2000),
  answer: z.string().max(20_000).optional(),
  note: z.string().max(2000).optional(),
  /** The console also logs answers the document only partly gives; anything else is a flag. */
  reason: z.enum(['flagged', 'partial'], { message: 'must be flagged or partial' }).optional(),
})

export function registerGapsRoute(app: FastifyInstance, { gaps }: { gaps: GapLog }): void {
  app.get('/api/gaps', async (request, reply) => {
    const raw = (request.query as Record<string, unknown> | undefined)?.limit
    const limit = raw === undefined || raw === '' ? 50 : Number(raw)
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return reply.code(400).send({ error: `limit must be a whole number from 1 to ${MAX_LIMIT}` })
    }
    return { gaps: await gaps.list({ limit }) }
  })

  app.post('/api/gaps', async (request, reply) => {
    const parsed = flagBody.safeParse(request.body ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return reply.code(400).send({ error: `${issue.path.join('.') || 'body'}: ${issue.message}` })
    }
    const { question, note, reason = 'flagged' } = parsed.data
    const header = request.headers['x-channel']
    const channel = header === 'console' ? 'console' : 'api'
    await gaps.record({ question, reason, channel, note: note?.trim() || undefined })
    return reply.code(201).send({ ok: true, reason })
  })
}
