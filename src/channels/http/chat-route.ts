// POST /api/chat {userId, text} -> {replies, awaiting, form, applicationId}: the engine that serves WeChat.
import type { FastifyInstance } from 'fastify'
import { MAX_MESSAGE_CHARS } from '../../conversation/engine.js'
import type { ConversationEngine } from '../../conversation/types.js'
import { requireString } from './server.js'

const MAX_USER_ID_CHARS = 128

export function registerChatRoute(app: FastifyInstance, deps: { engine: ConversationEngine }): void {
  app.post('/api/chat', async (request, reply) => {
    const userId = requireString(request.body, 'userId', MAX_USER_ID_CHARS)
    if ('error' in userId) return reply.code(400).send({ error: userId.error })
    const body = request.body as Record<string, unknown>
    if (typeof body.text !== 'string') return reply.code(400).send({ error: body.text === undefined ? 'text: required' : 'text: must be a string' })
    if (body.text.length > MAX_MESSAGE_CHARS) return reply.code(400).send({ error: `text: at most ${MAX_MESSAGE_CHARS} characters` })
    const channel = request.headers['x-channel'] === 'console' ? 'console' : 'api'
    const result = await deps.engine.handle({ channel, userId: userId.value, text: body.text })
    return { replies: result.replies, awaiting: result.awaiting, form: result.form, applicationId: result.applicationId }
  })
}
