// The WeChat channel: a thin adapter from Wechaty to the conversation engine, with the manners WeChat
// needs (hygiene, group mentions, forwards, voice, paced and split replies) and a self-restarting login.
import type { Message, Wechaty } from 'wechaty'
import type { ConversationEngine } from '../../conversation/types.js'
import type { Logger } from '../../logger.js'
import { createTranscriber, type Transcriber } from '../transcribe.js'
import { createBurstMerger } from './burst.js'
import { defaultWechatConfig, type WechatChannelConfig } from './config.js'
import { classify, type Inbound } from './inbound.js'
import { createKeyedMutex } from '../../conversation/keyed-mutex.js'
import { createLifecycle } from './lifecycle.js'
import { RATE_LIMIT_NOTE } from './media-replies.js'
import { createOutbound } from './outbound.js'
import { createRateLimiter } from './rate-limit.js'
import { respond } from './respond.js'
import { createSeenIds } from './seen-ids.js'
import { splitReply } from './split.js'

export interface WechatChannelOptions {
  wechaty: Wechaty
  engine: ConversationEngine
  logger: Logger
  config?: Partial<WechatChannelConfig>
  /** Defaults to one built from config.transcribe, when set. */
  transcriber?: Transcriber
  printQr?: (qrcode: string) => void
}

export interface WechatChannel {
  start(): Promise<void>
  stop(): Promise<void>
  /** A message the worker did not ask for (a case-status notice): paced and split like replies. Throws when unsent. */
  notify(userId: string, text: string): Promise<void>
}

export function createWechatChannel(options: WechatChannelOptions): WechatChannel {
  const { wechaty, engine } = options
  const config: WechatChannelConfig = { ...defaultWechatConfig, ...options.config }
  const logger = options.logger.child({ channel: 'wechat' })
  const transcriber = options.transcriber ?? (config.transcribe ? createTranscriber(config.transcribe) : undefined)
  const seen = createSeenIds()
  const limiter = createRateLimiter(config.rateLimit)
  const queue = createKeyedMutex()
  const outbound = createOutbound({
    pauseMs: config.sendPauseMs,
    retries: config.sendRetries,
    retryBaseMs: config.sendRetryBaseMs,
    maxInARow: config.maxParts,
    accountGapMs: Math.min(300, config.sendPauseMs),
  })
  const lifecycle = createLifecycle({
    wechaty, logger, admin: config.admin, restartBaseMs: config.restartBaseMs, restartMaxMs: config.restartMaxMs, printQr: options.printQr,
  })
  const burst = createBurstMerger<Inbound>(config.burstMs, (key, items) => {
    void queue.run(key, () => reply(items)).catch((error) => logger.error({ err: error }, 'wechat: reply failed'))
  })

  async function reply(items: Inbound[]) {
    const text = await respond(items, { engine, logger, transcriber, maxForwardedQuestions: config.maxForwardedQuestions })
    await send(items[0], splitReply(text, { maxChars: config.splitChars, maxParts: config.maxParts }))
  }

  async function send(to: Inbound, parts: string[]) {
    const room = to.message.room()
    const talker = to.message.talker()
    await outbound.sendParts(parts, (part, index) =>
      // In a group the asker is mentioned (on the first part), so they see the answer is theirs.
      room ? (index === 0 ? room.say(part, talker) : room.say(part)) : talker.say(part),
    )
  }

  async function onMessage(message: Message) {
    try {
      if (seen.checkAndRemember(message.id)) return logger.debug({ id: message.id }, 'wechat: duplicate ignored')
      const result = await classify(wechaty, message, config.rooms, config.maxAgeSeconds)
      if ('ignored' in result) return logger.debug({ id: message.id, why: result.ignored }, 'wechat: ignored')
      const inbound = result.inbound
      const decision = limiter.check(inbound.userId)
      if (decision === 'drop') return
      if (decision === 'notify') {
        void queue.run(inbound.conversationId, () => send(inbound, [RATE_LIMIT_NOTE])).catch(() => undefined)
        return
      }
      burst.push(inbound.conversationId, inbound, inbound.kind === 'text')
    } catch (error) {
      logger.error({ err: error }, 'wechat: could not read a message')
    }
  }

  let running = false
  return {
    async start() {
      if (running) return
      running = true
      lifecycle.attach()
      wechaty.on('message', onMessage)
      // A Wechaty handed over before start() has no puppet yet: start it. Its state says so; asking it
      // isLoggedIn would emit an 'error' (NOPUPPET), which the lifecycle would take for a failing puppet.
      if (wechaty.state.inactive() === true) await wechaty.start()
      logger.info('wechat: channel started')
    },
    // Issue 24: case-status notices, through the same pacing as replies, after the user's own turn in progress.
    async notify(userId, text) {
      const contact = await wechaty.Contact.find({ id: userId })
      if (!contact) throw new Error('wechat: contact not found')
      const parts = splitReply(text, { maxChars: config.splitChars, maxParts: config.maxParts })
      await queue.run(`notice:${userId}`, () => outbound.sendParts(parts, (part) => contact.say(part)))
    },
    async stop() {
      if (!running) return
      running = false
      wechaty.off('message', onMessage)
      lifecycle.detach()
      burst.flushAll()
      await queue.idle()
      await wechaty.stop()
      logger.info('wechat: channel stopped')
    },
  }
}
