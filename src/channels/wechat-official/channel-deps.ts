// What every official channel (公众号, 企业微信 / 微信客服) is given, and the stores each builds from it the same
// way: seen message ids, undelivered records, the durable outbound queue and the way back to applicants.
import type { FastifyInstance } from 'fastify'
import type Keyv from 'keyv'
import type { ConversationLock } from '../../conversation/keyed-mutex.js'
import type { ConversationEngine } from '../../conversation/types.js'
import type { Logger } from '../../logger.js'
import { createDedup } from './dedup.js'
import { NOTICE_ROUTES_NAMESPACE, createNoticeRoutes, type NoticeRoute } from './notices.js'
import { OUTBOUND_NAMESPACE, createOutboundQueue } from './outbound-queue.js'
import { recordUndelivered, type Undelivered } from './sender.js'

export interface OfficialDeps {
  http: FastifyInstance
  engine: ConversationEngine
  logger: Logger
  keyv<T>(namespace: string): Keyv<T>
  lock: ConversationLock
  /** The outbound queue's first pause after a transport failure (HANDOFF_RETRY_BASE_MS), doubling each try. */
  retryBaseMs?: number
  /** Tries at a reply before it is recorded as undelivered (default 8). */
  sendMaxTries?: number
}

export interface OfficialChannel {
  stop(): Promise<void>
  /** A case-status notice, the way `route` says; false when the route is not this channel's. */
  notify(route: NoticeRoute, userId: string, text: string): Promise<boolean>
}

/** The shared stores a channel works with; `logger` is the channel's own. */
export function createChannelStores(deps: OfficialDeps, logger: Logger) {
  const undelivered = deps.keyv<Undelivered>('wechat-undelivered')
  return {
    dedup: createDedup(deps.keyv('wechat-seen'), deps.lock),
    undelivered,
    queue: createOutboundQueue({
      keyv: deps.keyv(OUTBOUND_NAMESPACE),
      lock: deps.lock,
      logger,
      retryBaseMs: deps.retryBaseMs,
      maxTries: deps.sendMaxTries,
      giveUp: (channel, target, reply, error) => recordUndelivered(undelivered, logger, channel, target.to, error, reply.total, 'answer'),
    }),
    routes: createNoticeRoutes(deps.keyv(NOTICE_ROUTES_NAMESPACE)),
  }
}
