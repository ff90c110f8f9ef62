// Pull channels (api): the notices waiting for a worker go before the replies to their next message.
import type { InboundMessage } from '../conversation/types.js'
import type { CaseStore } from './types.js'

export const PULL_CHANNELS: ReadonlySet<string> = new Set(['api'])

/**
 * The engine's takeNotices: a pull channel's waiting notices, taken once (the engine asks only for conversations
 * that have submitted an application). A store failure leaves them for the next message; the reply still goes.
 */
export function noticeTaker(store: CaseStore, onError?: (err: unknown) => void): (message: InboundMessage) => Promise<string[]> {
  return async (message) => {
    if (!PULL_CHANNELS.has(message.channel) || message.forwarded) return []
    try {
      return await store.takeInbox(message.channel, message.userId)
    } catch (err) {
      onError?.(err)
      return []
    }
  }
}
