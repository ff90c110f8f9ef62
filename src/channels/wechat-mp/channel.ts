// The 公众号 (service account) channel: callbacks at /channels/wechat-mp are acknowledged at once ("success", or
// an encrypted passive welcome on subscribe); the answer goes out through the customer-service message API.
import { createWechatApi } from '../wechat-official/api.js'
import { createChannelStores, type OfficialChannel, type OfficialDeps } from '../wechat-official/channel-deps.js'
import { createCallbackCrypto } from '../wechat-official/crypto.js'
import { registerCallbackRoutes } from '../wechat-official/routes.js'
import { WELCOME, createResponder } from '../wechat-official/respond.js'
import { createSender } from '../wechat-official/sender.js'
import { createTokenSource } from '../wechat-official/token.js'
import { writeXml } from '../wechat-official/xml.js'
import type { WechatMpConfig } from './config.js'
import { receive, verifyUrl } from './receive.js'

export function createWechatMpChannel(config: WechatMpConfig, deps: OfficialDeps): OfficialChannel {
  const logger = deps.logger.child({ channel: 'wechat-mp' })
  const crypto = createCallbackCrypto({ token: config.token, aesKey: config.aesKey, receiverId: config.appId })
  const api = createWechatApi(config.apiBase)
  const tokens = createTokenSource({
    key: `mp:${config.appId}`,
    keyv: deps.keyv('wechat-tokens'),
    lock: deps.lock,
    async fetchToken() {
      const r = await api.get('/cgi-bin/token', { grant_type: 'client_credential', appid: config.appId, secret: config.secret })
      return { token: String(r.access_token), expiresInSeconds: Number(r.expires_in ?? 7200) }
    },
  })
  const { dedup, undelivered, queue, routes } = createChannelStores(deps, logger)
  const sender = createSender({ channel: 'wechat-mp', logger, undelivered, queue })
  const responder = createResponder({
    engine: deps.engine,
    logger,
    sender,
    onApplication: (m) => routes.remember(m.userId, { channel: 'wechat-mp', conversationId: m.conversationId }),
  })

  const sendText = (openid: string) => (content: string) =>
    tokens.use((token) => api.post('/cgi-bin/message/custom/send', { access_token: token }, { touser: openid, msgtype: 'text', text: { content } }))
  queue.register('wechat-mp', (target, part) => sendText(target.to)(part))
  queue.start()

  registerCallbackRoutes(deps.http, '/channels/wechat-mp', {
    get: (q) => {
      const echo = verifyUrl(crypto, q)
      return echo === undefined ? { status: 401, body: '' } : { status: 200, body: echo }
    },
    async post(q, body) {
      const got = receive(crypto, Boolean(config.aesKey), q, body)
      if (got.status === 'foreign') {
        logger.warn('callback sealed for another appid: not answered')
        return { status: 200, body: '' }
      }
      if (got.status !== 'ok') return { status: got.status, body: '' }
      const m = got.message
      const openid = m.FromUserName
      if (!openid) return { status: 400, body: '' }
      const id = m.MsgId ? `mp:${m.MsgId}` : `mp:${openid}:${m.CreateTime ?? ''}`
      if (!(await dedup.claim(id))) return { status: 200, body: 'success' }
      if (m.MsgType === 'event') {
        if (m.Event !== 'subscribe') return { status: 200, body: 'success' }
        return { status: 200, body: passiveText(m, WELCOME, q) }
      }
      const text = m.MsgType === 'text' ? m.Content : m.MsgType === 'voice' && m.Recognition ? m.Recognition : undefined
      void responder.answer({ userId: openid, conversationId: `wechat-mp:${openid}`, text, messageId: m.MsgId }, sendText(openid))
      return { status: 200, body: 'success' }
    },
  })

  /** A passive text reply, encrypted in safe mode. */
  function passiveText(m: Record<string, string>, content: string, q: Record<string, string | undefined>): string {
    const now = Math.floor(Date.now() / 1000)
    const reply = writeXml({ ToUserName: m.FromUserName, FromUserName: m.ToUserName ?? '', CreateTime: now, MsgType: 'text', Content: content })
    if (!config.aesKey) return reply
    const nonce = q.nonce ?? String(now)
    const { encrypted, signature } = crypto.seal(reply, String(now), nonce)
    return writeXml({ Encrypt: encrypted, MsgSignature: signature, TimeStamp: now, Nonce: nonce })
  }

  return {
    async stop() {
      await responder.idle()
      await queue.stop()
    },
    async notify(route, openid, text) {
      if (route.channel !== 'wechat-mp') return false
      await responder.notify(route.conversationId, openid, text, sendText(openid))
      return true
    },
  }
}
