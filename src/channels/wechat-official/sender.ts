// Sends one reply as its parts, in order: a transport failure is retried with a growing pause; an errcode the
// platform gives (45015: the 48-hour reply window is over, 45002, 40003…) is recorded and not retried, and the
// parts after it are not sent. A case-status notice is sent the same way, except that a transport failure is
// left to the notice worker, which retries it from its durable outbox.
import type Keyv from 'keyv'
import type { Logger } from '../../logger.js'
import { TransportError, WechatApiError } from './api.js'

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
  retries?: number
  retryBaseMs?: number
}

export interface Sender {
  /** Resolves true when every part went out. */
  sendParts(to: string, parts: string[], sendOne: (part: string) => Promise<unknown>): Promise<boolean>
  /**
   * A notice's parts, each tried once: resolves true when all went out, false when the platform refused one
   * (recorded); rejects on a transport failure.
   */
  sendNotice(to: string, parts: string[], sendOne: (part: string) => Promise<unknown>): Promise<boolean>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function createSender({ channel, logger, undelivered, retries = 3, retryBaseMs = 1000 }: SenderOptions): Sender {
  async function once(part: string, sendOne: (part: string) => Promise<unknown>) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await sendOne(part)
      } catch (error) {
        if (!(error instanceof TransportError) || attempt >= retries) throw error
        logger.warn({ err: error, attempt: attempt + 1 }, `${channel}: send failed, retrying`)
        await sleep(retryBaseMs * 2 ** attempt)
      }
    }
  }
  async function record(to: string, error: unknown, parts: string[], kind: 'answer' | 'notice') {
    const errcode = error instanceof WechatApiError ? error.errcode : null
    logger.warn({ err: error, errcode, kind }, `${channel}: ${kind === 'notice' ? 'case-status notice' : 'reply'} not delivered`)
    const at = new Date().toISOString()
    const record: Undelivered = {
      channel, to, errcode, error: error instanceof Error ? error.message : String(error), at, parts: parts.length, kind,
      ...(kind === 'notice' ? { text: parts.join('\n') } : {}),
    }
    await undelivered.set(`${channel}:${to}:${at}`, record, 30 * 86_400_000).catch(() => undefined)
  }

  return {
    async sendParts(to, parts, sendOne) {
      for (const part of parts) {
        try {
          await once(part, sendOne)
        } catch (error) {
          await record(to, error, parts, 'answer')
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
