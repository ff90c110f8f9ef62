// From a received message to the engine and back out through the platform's API: one user's messages are
// answered one at a time, in order; the engine's replies become parts within the byte limit.
import { createKeyedMutex } from '../../conversation/keyed-mutex.js'
import type { ConversationEngine } from '../../conversation/types.js'
import type { Logger } from '../../logger.js'
import type { Sender } from './sender.js'
import { splitByBytes } from './split-bytes.js'

export const ENGINE_FAILED = '抱歉，我这边暂时出了点问题，请稍后再问一次。'
const HOW_TO_ASK = '请直接打字问我，比如“送外卖能交工伤保险吗”“我想申请灵活就业社保补贴”。'
export const MEDIA_NOTE = `这类消息我暂时看不了。${HOW_TO_ASK}`
export const WELCOME = `你好！我是宁波灵活就业政策助手，可以解答新业态工伤保险、社保补贴、创业贷款、欠薪维权、加入工会等政策问题，帮你看能申请哪些、怎么申请，还能在这里直接办申请。${HOW_TO_ASK}`

export interface Incoming {
  /** The channel's own user id (openid, UserID, external_userid); never shown. */
  userId: string
  /** The session key, e.g. `wechat-mp:<openid>`. */
  conversationId: string
  /** The text to answer, or undefined for a kind the assistant cannot read. */
  text: string | undefined
  messageId?: string
}

export interface Responder {
  /** Queues the answer; resolves when it has been sent (or given up on). */
  answer(message: Incoming, sendOne: (part: string) => Promise<unknown>): Promise<void>
  idle(): Promise<void>
}

export function createResponder(deps: { engine: ConversationEngine; logger: Logger; sender: Sender; maxParts?: number }): Responder {
  const queue = createKeyedMutex()
  async function reply(message: Incoming): Promise<string> {
    if (message.text === undefined) return MEDIA_NOTE
    try {
      const reply = await deps.engine.handle({
        channel: 'wechat',
        userId: message.userId,
        conversationId: message.conversationId,
        text: message.text,
        messageId: message.messageId,
      })
      return reply.replies.join('\n\n')
    } catch (error) {
      deps.logger.error({ err: error, conversationId: message.conversationId }, 'official wechat: engine failed')
      return ENGINE_FAILED
    }
  }
  return {
    answer: (message, sendOne) =>
      queue
        .run(message.conversationId, async () => {
          const parts = splitByBytes(await reply(message))
          await deps.sender.sendParts(message.userId, limitParts(parts, deps.maxParts), sendOne)
        })
        .catch((error: unknown) => deps.logger.error({ err: error }, 'official wechat: reply failed')),
    idle: () => queue.idle(),
  }
}

/** 微信客服 allows 5 messages per customer message: beyond that, the first parts only. */
function limitParts(parts: string[], max: number | undefined): string[] {
  return max && parts.length > max ? parts.slice(0, max) : parts
}
