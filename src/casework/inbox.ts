// Pull channels (api): the notices waiting for a worker go before the replies to their next message.
import type { ConversationEngine, EngineReply } from '../conversation/types.js'
import type { CaseStore } from './types.js'

export const PULL_CHANNELS: ReadonlySet<string> = new Set(['api'])

export function withInbox<E extends ConversationEngine>(engine: E, store: CaseStore, onError?: (err: unknown) => void): E {
  return {
    ...engine,
    async handle(message) {
      const reply = await engine.handle(message)
      if (!PULL_CHANNELS.has(message.channel) || message.forwarded) return reply
      let notices: string[]
      try {
        notices = await store.takeInbox(message.channel, message.userId)
      } catch (err) {
        onError?.(err) // the reply still goes; the notices wait for the next message
        return reply
      }
      if (!notices.length) return reply
      // A new object: the engine may hand out frozen replies shared between users.
      const withNotices: EngineReply = { replies: [...notices, ...reply.replies], awaiting: reply.awaiting, form: reply.form, applicationId: reply.applicationId }
      return withNotices
    },
  }
}
