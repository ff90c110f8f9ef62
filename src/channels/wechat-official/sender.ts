// Sends one reply as its parts, in order. A transport failure hands the parts not yet sent to the durable
// outbound queue (outbound-queue.ts), which retries them with growing pauses, across restarts and instances; an
// errcode the platform gives (45015: the 48-hour reply window is over, 45002, 40003…) is recorded and not
// retried, and the parts after it are not sent. While a user has replies in the queue, their newer ones join it
// rather than overtake. A case-status notice is sent the same way, except that a transport failure is left to
// the notice worker, which retries it from its durable outbox.
import type Keyv from 'keyv'
import type { Logger } from '../../logger.js'
import { TransportError, WechatApiError } from './api.js'
import type { OutboundQueue, OutboundTarget } from './outbound-queue.js'

export interface Undelivered {
  channel: string
  to: string
  errcode: number | null
  error: string
  at: string
  parts: number
  /** What was not delivered: an answer, or a case-status notice (its text kept for the operator). */
  kind?: 'answer' | 'notice'
  text?: string
}

export interface SenderOptions {
  channel: string
  logger: Logger
  /** Where failed sends are recorded (namespace `wechat-undelivered`), for the operator. */
  undelivered: Keyv<Undelivered>
  /** Where replies wait after a transport failure. */
  queue: OutboundQueue
}

export interface Sender {
  /** Resolves true when every part went out now; false when they wait in the queue or were refused (recorded). */
  sendParts(target: OutboundTarget, parts: string[], sendOne: (part: string) => Promise<unknown>): Promise<boolean>
  /**
   * A notice's parts, each tried once: resolves true when all went out, false when the platform refused one
   * (recorded); rejects on a transport failure.
   */
  sendNotice(to: string, parts: string[], sendOne: (part: string) => Promise<unknown>): Promise<boolean>
}

/** Records what was not delivered in `wechat-undelivered` (kept 30 days), for the operator, and logs it. */
export async function recordUndelivered(
  undelivered: Keyv<Undelivered>, logger: Logger, channel: string, to: string, error: unknown, parts: number, kind: 'answer' | 'notice', text?: string,
): Promise<void> {
  const errcode = error instanceof WechatApiError ? error.errcode : null
  logger.warn({ err: error, errcode, kind }, `${channel}: ${kind === 'notice' ? 'case-status notice' : 'reply'} not delivered`)
  const at = new Date().toISOString()
  const record: Undelivered = {
    channel, to, errcode, error: error instanceof Error ? error.message : String(error), at, parts, kind, ...(text !== undefined ? { text } : {}),
  }
  await undelivered.set(`${channel}:${to}:${at}`, record, 30 * 86_400_000).catch(() => undefined)
}

export function createSender({ channel, logger, undelivered, queue }: SenderOptions): Sender {
  const record = (to: string, error: unknown, parts: string[], kind: 'answer' | 'notice') =>
    recordUndelivered(undelivered, logger, channel, to, error, parts.length, kind, kind === 'notice' ? parts.join('\n') : undefined)

  async function enqueue(target: OutboundTarget, parts: string[], total: number, failed?: unknown) {
    try {
      await queue.enqueue(channel, target, parts, total, failed)
    } catch (error) {
      logger.error({ err: error }, `${channel}: could not queue a reply`)
      await record(target.to, failed ?? error, parts, 'answer')
    }
  }

  return {
    async sendParts(target, parts, sendOne) {
      if (!parts.length) return true
      // Behind the replies already waiting for this user, in order.
      const waiting = await queue.waiting(channel, target.to).catch(() => false)
      if (waiting) {
        await enqueue(target, parts, parts.length)
        return false
      }
      for (const [i, part] of parts.entries()) {
        try {
          await sendOne(part)
        } catch (error) {
          if (error instanceof TransportError) await enqueue(target, parts.slice(i), parts.length, error)
          else await record(target.to, error, parts, 'answer')
          return false
        }
      }
      return true
    },
    async sendNotice(to, parts, sendOne) {
      for (const part of parts) {
        try {
          await sendOne(part)
        } catch (error) {
          if (!(error instanceof WechatApiError)) throw error
          await record(to, error, parts, 'notice')
          return false
        }
      }
      return true
    },
  }
}
