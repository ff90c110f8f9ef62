// From received messages to the engine and back out through the platform's API: one user's messages are
// answered one at a time, in order. Messages that arrive while the user's previous answer is being worked on wait
// together and are answered as one batch: each goes through the engine in turn, and all their replies are merged
// into as few messages as the byte limit allows (微信客服 allows only 5 after each customer message).
import { setBounded } from '../../bounded.js'
import { createKeyedMutex } from '../../conversation/keyed-mutex.js'
import type { ConversationEngine } from '../../conversation/types.js'
import type { Logger } from '../../logger.js'
import type { Sender } from './sender.js'
import { splitByBytes, splitWithin } from './split-bytes.js'

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
  /** 微信客服: the account the customer wrote to. */
  openKfId?: string
}

export type SendOne = (part: string) => Promise<unknown>

export interface Responder {
  /**
   * Queues the answer to one message, or to several of one user's in order; resolves when it has been sent (or
   * given up on). All messages of one call, and those queued while the user's previous answer is still being
   * worked on, must share the conversation and `sendOne`.
   */
  answer(messages: Incoming | Incoming[], sendOne: SendOne): Promise<void>
  /**
   * A case-status notice, after the answer in progress in that conversation. Resolves when sent, or when the
   * platform refused it (recorded); rejects on a transport failure, for the notice worker to try again.
   */
  notify(conversationId: string, userId: string, text: string, sendOne: SendOne): Promise<void>
  idle(): Promise<void>
}

export interface ResponderOptions {
  engine: ConversationEngine
  logger: Logger
  sender: Sender
  /** 微信客服: at most this many messages after each customer message (notices count too). */
  maxParts?: number
  /** Called (awaited) on the turn a message submits an application, before the reply goes out. */
  onApplication?(message: Incoming): Promise<void>
}

/** Conversations whose sent-message count the responder keeps (微信客服's quota). */
const MAX_COUNTED = 10_000

export function createResponder(deps: ResponderOptions): Responder {
  const queue = createKeyedMutex()
  /** Messages waiting for the conversation's answer in progress to finish, answered as one batch after it. */
  const waiting = new Map<string, { messages: Incoming[]; done: Promise<void> }>()
  /** Messages sent since the customer's last message, per conversation (only with maxParts). */
  const sentSince = new Map<string, number>()

  async function replyTo(message: Incoming): Promise<string> {
    if (message.text === undefined) return MEDIA_NOTE
    try {
      const reply = await deps.engine.handle({
        channel: 'wechat',
        userId: message.userId,
        conversationId: message.conversationId,
        text: message.text,
        messageId: message.messageId,
      })
      if (reply.applicationId && deps.onApplication) {
        await deps.onApplication(message).catch((error: unknown) => deps.logger.warn({ err: error }, 'official wechat: could not record where to send case-status notices'))
      }
      return reply.replies.join('\n\n')
    } catch (error) {
      deps.logger.error({ err: error, conversationId: message.conversationId }, 'official wechat: engine failed')
      return ENGINE_FAILED
    }
  }

  /** sendOne, counting what it sends against 微信客服's quota. */
  function counted(conversationId: string, sendOne: SendOne): SendOne {
    if (!deps.maxParts) return sendOne
    return async (part) => {
      const result = await sendOne(part)
      setBounded(sentSince, conversationId, (sentSince.get(conversationId) ?? 0) + 1, MAX_COUNTED)
      return result
    }
  }

  /** The text in parts, no more than the quota still allows (cut short and saying so beyond it). */
  function partsOf(conversationId: string, text: string): string[] {
    const max = deps.maxParts
    if (!max) return splitByBytes(text)
    const room = Math.max(0, max - (sentSince.get(conversationId) ?? 0))
    const parts = splitWithin(text, room)
    if (parts.length < splitByBytes(text).length) deps.logger.warn({ conversationId, room }, 'official wechat: more parts than the platform allows: cut short')
    return parts
  }

  async function answerBatch(messages: Incoming[], sendOne: SendOne) {
    const texts: string[] = []
    for (const message of messages) texts.push(await replyTo(message))
    const first = messages[0]
    const parts = partsOf(first.conversationId, texts.filter(Boolean).join('\n\n'))
    await deps.sender.sendParts({ to: first.userId, openKfId: first.openKfId }, parts, counted(first.conversationId, sendOne))
  }

  return {
    answer(input, sendOne) {
      const messages = Array.isArray(input) ? input : [input]
      if (!messages.length) return Promise.resolve()
      const key = messages[0].conversationId
      // A new customer message: 微信客服 allows 5 more after it.
      if (deps.maxParts) sentSince.delete(key)
      const pending = waiting.get(key)
      if (pending) {
        pending.messages.push(...messages)
        return pending.done
      }
      const batch = { messages: [...messages], done: Promise.resolve() }
      waiting.set(key, batch)
      batch.done = queue
        .run(key, () => {
          // From here on, new messages wait for the next batch.
          if (waiting.get(key) === batch) waiting.delete(key)
          return answerBatch(batch.messages, sendOne)
        })
        .catch((error: unknown) => deps.logger.error({ err: error }, 'official wechat: reply failed'))
      return batch.done
    },
    // Not cut to the quota this instance counted (another instance may have seen the customer's last message):
    // the platform refuses what is over, and the refusal is recorded.
    notify: (conversationId, userId, text, sendOne) =>
      queue.run(conversationId, async () => {
        await deps.sender.sendNotice(userId, splitByBytes(text), counted(conversationId, sendOne))
      }),
    idle: () => queue.idle(),
  }
}
