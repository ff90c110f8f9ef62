// The durable outbound queue of the official channels: a reply whose sending failed in transport (connection,
// timeout, 5xx, errcode -1) waits here, in the shared store (SQLite or Redis), with the parts not yet sent, and a
// worker started by the channel sends it with growing pauses; after `maxTries` it is recorded as undelivered. So
// a restart or an API outage of minutes loses no answer. One record per user holds that user's waiting replies
// in order: while it exists, their newer replies join it instead of overtaking it.
//   <ns>:q:<channel>:<user>     the user's waiting replies, tries, next attempt
//   <ns>:index:<channel>        { queue key: next attempt }, what the worker looks at
// A user's record is only changed under the shared lock (`wechat-outbound:<key>`), and the index under its own:
// with several instances on one Redis, one of them sends a given reply (the lock's lease outlives a crashed
// holder). A part is taken off the record right after the platform accepted it, so a crash repeats at most one.
import { coalescedWake } from '../../coalesced-wake.js'
import type Keyv from 'keyv'
import type { ConversationLock } from '../../conversation/keyed-mutex.js'
import type { Logger } from '../../logger.js'
import { TransportError } from './api.js'

/** Who a reply goes to: the channel's own user id and, for 微信客服, the account. */
export interface OutboundTarget {
  to: string
  openKfId?: string
}

export interface OutboundReply {
  /** The parts not yet sent, in order. */
  parts: string[]
  /** How many parts the reply had. */
  total: number
  queuedAt: number
}

export interface PendingReplies {
  channel: string
  target: OutboundTarget
  replies: OutboundReply[]
  /** Failed attempts at the first reply's next part (the direct send counts as the first). */
  tries: number
  nextAt: number
  lastError?: string
}

export type SendPart = (target: OutboundTarget, part: string) => Promise<unknown>

/** Called when a reply is given up on: the platform refused it, or the tries ran out. */
export type GiveUp = (channel: string, target: OutboundTarget, reply: OutboundReply, error: unknown) => Promise<void>

export interface OutboundQueueOptions {
  keyv: Keyv<any>
  lock: ConversationLock
  logger: Logger
  giveUp: GiveUp
  /** The first retry after this, then twice as long each time, at most maxDelayMs. */
  retryBaseMs?: number
  maxDelayMs?: number
  /** Attempts at a part (the first, direct send included) before the reply is recorded as undelivered. */
  maxTries?: number
  /** How often the worker looks for replies another instance (or a previous run) left. */
  pollMs?: number
}

export interface OutboundQueue {
  /** The channel's way to send one part; the worker sends that channel's waiting replies. */
  register(channel: string, send: SendPart): void
  /** Whether the user has replies waiting (cheap: one read, no lock). */
  waiting(channel: string, to: string): Promise<boolean>
  /** Queues a reply's parts behind the user's waiting ones; `failed` when its direct send just failed. */
  enqueue(channel: string, target: OutboundTarget, parts: string[], total: number, failed?: unknown): Promise<void>
  start(): void
  stop(): Promise<void>
}

export const OUTBOUND_NAMESPACE = 'wechat-outbound'
/** A reply older than this is of no use (and 公众号's reply window is 48 hours). */
const RECORD_TTL_MS = 3 * 86_400_000
/** Users whose queues one pass of the worker sends at once. */
const PARALLEL = 16

const queueKey = (channel: string, to: string) => `q:${channel}:${to}`
const indexKey = (channel: string) => `index:${channel}`
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 200)

export function createOutboundQueue(options: OutboundQueueOptions): OutboundQueue {
  const { keyv, lock, logger } = options
  const retryBaseMs = options.retryBaseMs ?? 5000
  const maxDelayMs = options.maxDelayMs ?? 300_000
  const maxTries = options.maxTries ?? 8
  const pollMs = options.pollMs ?? Math.min(5000, Math.max(retryBaseMs, 10))
  const senders = new Map<string, SendPart>()
  let running = false
  let timer: NodeJS.Timeout | undefined
  const waking = coalescedWake(pump, () => running)
  const wake = waking.wake

  const delayAfter = (tries: number) => Math.min(retryBaseMs * 2 ** Math.max(tries - 1, 0), maxDelayMs)

  async function setIndex(channel: string, key: string, nextAt: number | undefined) {
    await lock.run(`wechat-outbound:${indexKey(channel)}`, async () => {
      const index: Record<string, number> = (await keyv.get(indexKey(channel))) ?? {}
      if (nextAt === undefined) {
        if (!(key in index)) return
        delete index[key]
      } else index[key] = nextAt
      await keyv.set(indexKey(channel), index)
    })
  }

  /** Sends what the user's record holds, under its lock; leaves it for later on a transport failure. */
  async function drain(channel: string, key: string) {
    const send = senders.get(channel)
    if (!send) return
    await lock.run(`wechat-outbound:${key}`, async () => {
      const record: PendingReplies | undefined = await keyv.get(key)
      if (!record?.replies.length) {
        if (record) await keyv.delete(key)
        return setIndex(channel, key, undefined)
      }
      // Another instance tried it since this one read the index.
      if (record.nextAt > Date.now()) return setIndex(channel, key, record.nextAt)
      while (record.replies.length) {
        const reply = record.replies[0]
        try {
          while (reply.parts.length) {
            await send(record.target, reply.parts[0])
            reply.parts.shift()
            record.tries = 0
            if (reply.parts.length) await keyv.set(key, record, RECORD_TTL_MS)
          }
          logger.info({ channel, parts: reply.total }, `${channel}: queued reply sent`)
        } catch (error) {
          if (error instanceof TransportError && record.tries + 1 < maxTries) {
            record.tries += 1
            record.nextAt = Date.now() + delayAfter(record.tries)
            record.lastError = errorText(error)
            logger.warn({ err: error, tries: record.tries, nextAt: new Date(record.nextAt).toISOString() }, `${channel}: queued reply not sent yet, will retry`)
            await keyv.set(key, record, RECORD_TTL_MS)
            return setIndex(channel, key, record.nextAt)
          }
          // Refused by the platform (45015…), or out of tries: recorded, and the user's next reply goes on.
          await options.giveUp(channel, record.target, reply, error)
          record.tries = 0
        }
        record.replies.shift()
        if (record.replies.length) await keyv.set(key, record, RECORD_TTL_MS)
      }
      await keyv.delete(key)
      await setIndex(channel, key, undefined)
    })
  }

  async function pump() {
    if (timer) clearTimeout(timer)
    timer = undefined
    let next = Date.now() + pollMs
    try {
      for (const channel of senders.keys()) {
        const index: Record<string, number> = (await keyv.get(indexKey(channel))) ?? {}
        const due = Object.entries(index).filter(([, at]) => at <= Date.now()).map(([key]) => key)
        for (let i = 0; i < due.length && running; i += PARALLEL) {
          await Promise.all(due.slice(i, i + PARALLEL).map((key) =>
            drain(channel, key).catch((error: unknown) => logger.warn({ err: error, channel }, `${channel}: outbound queue: could not send a queued reply`)),
          ))
        }
        const after: Record<string, number> = due.length ? ((await keyv.get(indexKey(channel))) ?? {}) : index
        for (const at of Object.values(after)) next = Math.min(next, at)
      }
    } catch (error) {
      logger.error({ err: error }, 'official wechat: outbound queue read failed')
    }
    if (running) timer = setTimeout(wake, Math.max(next - Date.now(), 5))
  }

  return {
    register(channel, send) {
      senders.set(channel, send)
    },
    async waiting(channel, to) {
      const record: PendingReplies | undefined = await keyv.get(queueKey(channel, to))
      return Boolean(record?.replies.length)
    },
    async enqueue(channel, target, parts, total, failed) {
      const key = queueKey(channel, target.to)
      await lock.run(`wechat-outbound:${key}`, async () => {
        const now = Date.now()
        const reply: OutboundReply = { parts, total, queuedAt: now }
        const record: PendingReplies = (await keyv.get(key)) ?? { channel, target, replies: [], tries: 0, nextAt: now }
        if (!record.replies.length) {
          // The first reply in line: its direct send was the first try.
          record.tries = failed ? 1 : 0
          record.nextAt = failed ? now + delayAfter(1) : now
          if (failed) record.lastError = errorText(failed)
        }
        record.replies.push(reply)
        await keyv.set(key, record, RECORD_TTL_MS)
        await setIndex(channel, key, record.nextAt)
      })
      logger.warn({ channel, parts: parts.length, err: failed }, `${channel}: reply queued to be sent later`)
      wake()
    },
    start() {
      if (running) return
      running = true
      wake()
    },
    async stop() {
      running = false
      if (timer) clearTimeout(timer)
      timer = undefined
      await waking.settled()
    },
  }
}
