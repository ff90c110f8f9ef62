// POST /api/chat {userId, text, messageId?} -> {replies, awaiting, form, applicationId}: the engine that serves
// WeChat. A retry with the same messageId gets the same reply and is not handled twice.
// Served on the node:http fast path (json-fast-path.ts).
import type { FastifyInstance } from 'fastify'
import { MAX_MESSAGE_CHARS } from '../../conversation/engine.js'
import type { ConversationEngine, EngineReply } from '../../conversation/types.js'
import { jsonFastPath, optionalString, requireString } from './server.js'

const MAX_USER_ID_CHARS = 128
const MAX_MESSAGE_ID_CHARS = 128

export function registerChatRoute(app: FastifyInstance, deps: { engine: ConversationEngine }): void {
  // The bytes of replies the engine shares between turns (frozen: the same answer to the same question).
  const serialised = new WeakMap<EngineReply, Buffer>()
  jsonFastPath(app).add('POST', '/api/chat', async (body, headers) => {
    const userId = requireString(body, 'userId', MAX_USER_ID_CHARS)
    if ('error' in userId) return { status: 400, payload: { error: userId.error } }
    const text = requireString(body, 'text', MAX_MESSAGE_CHARS)
    if ('error' in text) return { status: 400, payload: { error: text.error } }
    const messageId = optionalString(body, 'messageId', MAX_MESSAGE_ID_CHARS)
    if (typeof messageId === 'object') return { status: 400, payload: { error: messageId.error } }
    const channel = headers['x-channel'] === 'console' ? 'console' : 'api'
    const result = await deps.engine.handle({ channel, userId: userId.value, text: text.value, messageId })
    const payload = { replies: result.replies, awaiting: result.awaiting, form: result.form, applicationId: result.applicationId }
    if (!Object.isFrozen(result)) return { status: 200, payload }
    let raw = serialised.get(result)
    if (!raw) serialised.set(result, (raw = Buffer.from(JSON.stringify(payload))))
    return { status: 200, payload, raw }
  })
}
