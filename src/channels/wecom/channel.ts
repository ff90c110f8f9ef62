// The 企业微信 channel at /channels/wecom: the self-built app's messages (union staff) answered through
// /cgi-bin/message/send, and 微信客服 (workers on personal WeChat) fetched with sync_msg and answered with send_msg.
// Every callback is acknowledged at once; the answers go out through the API.
import { createWechatApi } from '../wechat-official/api.js'
import { createCallbackCrypto } from '../wechat-official/crypto.js'
import { createResponder, type Incoming } from '../wechat-official/respond.js'
import { registerCallbackRoutes } from '../wechat-official/routes.js'
import { createSender } from '../wechat-official/sender.js'
import { createTokenSource, type TokenSource } from '../wechat-official/token.js'
import { createChannelStores, type OfficialChannel, type OfficialDeps } from '../wechat-official/channel-deps.js'
import type { WecomConfig } from './config.js'
import { createKfSync, type KfSync } from './kf-sync.js'
import { receive, verifyUrl } from './receive.js'

/** 微信客服: at most 5 messages after a customer's message (answers and notices together). */
const KF_MAX_PARTS = 5

export function createWecomChannel(config: WecomConfig, deps: OfficialDeps): OfficialChannel {
  const logger = deps.logger.child({ channel: 'wecom' })
  const crypto = createCallbackCrypto({ token: config.token, aesKey: config.aesKey, receiverId: config.corpId })
  const api = createWechatApi(config.apiBase)
  const tokenFor = (name: string, secret: string): TokenSource =>
    createTokenSource({
      key: `wecom:${config.corpId}:${name}`,
      keyv: deps.keyv('wechat-tokens'),
      lock: deps.lock,
      async fetchToken() {
        const r = await api.get('/cgi-bin/gettoken', { corpid: config.corpId, corpsecret: secret })
        return { token: String(r.access_token), expiresInSeconds: Number(r.expires_in ?? 7200) }
      },
    })
  const { dedup, undelivered, queue, routes } = createChannelStores(deps, logger)
  const appSender = createSender({ channel: 'wecom', logger, undelivered, queue })
  const kfSender = createSender({ channel: 'wecom-kf', logger, undelivered, queue })
  const appResponder = createResponder({
    engine: deps.engine,
    logger,
    sender: appSender,
    onApplication: (m) => routes.remember(m.userId, { channel: 'wecom', conversationId: m.conversationId }),
  })
  const kfResponder = createResponder({
    engine: deps.engine,
    logger,
    sender: kfSender,
    maxParts: KF_MAX_PARTS,
    onApplication: (m) => routes.remember(m.userId, { channel: 'wecom-kf', conversationId: m.conversationId, openKfId: m.openKfId }),
  })

  const app = config.app
  const appTokens = app ? tokenFor(`app:${app.agentId}`, app.secret) : undefined
  const kfTokens = config.kfSecret ? tokenFor('kf', config.kfSecret) : undefined

  const kfSend = (tokens: TokenSource, user: string, openKfId: string) => (content: string) =>
    tokens.use((token) => api.post('/cgi-bin/kf/send_msg', { access_token: token }, { touser: user, open_kfid: openKfId, msgtype: 'text', text: { content } }))
  const appSend = (tokens: TokenSource, agentId: number, user: string) => (content: string) =>
    tokens.use((token) => api.post('/cgi-bin/message/send', { access_token: token }, { touser: user, msgtype: 'text', agentid: agentId, text: { content } }))

  // Replies waiting in the outbound queue go out the same way.
  if (app && appTokens) {
    const [tokens, agentId] = [appTokens, app.agentId]
    queue.register('wecom', (target, part) => appSend(tokens, agentId, target.to)(part))
  }
  if (kfTokens) {
    const tokens = kfTokens
    queue.register('wecom-kf', async (target, part) => {
      if (!target.openKfId) throw new Error('no 微信客服 account to send from')
      return kfSend(tokens, target.to, target.openKfId)(part)
    })
  }
  queue.start()

  let kf: KfSync | undefined
  if (kfTokens) {
    const tokens = kfTokens
    kf = createKfSync({
      syncPage: (body) => tokens.use((token) => api.post('/cgi-bin/kf/sync_msg', { access_token: token }, body)) as never,
      cursors: deps.keyv('wecom-kf-cursors'),
      lock: deps.lock,
      dedup,
      logger,
      // A page's messages from one customer are answered together: their replies merged into as few messages
      // as the byte limit allows, within the 5 that 微信客服 allows after a customer's message.
      onCustomerMessages(messages) {
        const byCustomer = new Map<string, Incoming[]>()
        for (const m of messages) {
          const user = m.external_userid!
          const conversationId = `wecom-kf:${m.open_kfid}:${user}`
          const text = m.msgtype === 'text' ? m.text?.content : undefined
          const incoming: Incoming = { userId: user, conversationId, text, messageId: m.msgid, openKfId: m.open_kfid }
          byCustomer.set(conversationId, [...(byCustomer.get(conversationId) ?? []), incoming])
        }
        for (const batch of byCustomer.values()) {
          const { userId, openKfId } = batch[0]
          void kfResponder.answer(batch, kfSend(tokens, userId, openKfId!))
        }
      },
    })
  }
  const pendingSyncs = new Set<Promise<void>>()

  registerCallbackRoutes(deps.http, '/channels/wecom', {
    get(q) {
      const checked = verifyUrl(crypto, q)
      if (checked.status === 'ok') return { status: 200, body: checked.echo }
      return { status: checked.status === 401 ? 401 : 403, body: '' }
    },
    async post(q, body) {
      const got = receive(crypto, q, body)
      if (got.status === 'foreign') {
        logger.warn('callback sealed for another CorpID: not answered')
        return { status: 200, body: '' }
      }
      if (got.status !== 'ok') return { status: got.status, body: '' }
      const m = got.message
      if (m.MsgType === 'event' && m.Event === 'kf_msg_or_event') {
        if (kf && m.OpenKfId) {
          const sync = kf.trigger(m.OpenKfId, m.Token)
          pendingSyncs.add(sync)
          void sync.finally(() => pendingSyncs.delete(sync))
        }
        return { status: 200, body: '' }
      }
      if (!app || !appTokens || m.MsgType === 'event' || !m.FromUserName) return { status: 200, body: '' }
      const id = m.MsgId ? `wecom:${m.MsgId}` : `wecom:${m.FromUserName}:${m.CreateTime ?? ''}`
      if (!(await dedup.claim(id))) return { status: 200, body: '' }
      const user = m.FromUserName
      const text = m.MsgType === 'text' ? m.Content : undefined
      void appResponder.answer({ userId: user, conversationId: `wecom:${user}`, text, messageId: m.MsgId }, appSend(appTokens, app.agentId, user))
      return { status: 200, body: '' }
    },
  })

  return {
    async stop() {
      await Promise.all([...pendingSyncs])
      await Promise.all([appResponder.idle(), kfResponder.idle()])
      await queue.stop()
    },
    async notify(route, user, text) {
      if (route.channel === 'wecom' && app && appTokens) {
        await appResponder.notify(route.conversationId, user, text, appSend(appTokens, app.agentId, user))
        return true
      }
      if (route.channel === 'wecom-kf' && kfTokens && route.openKfId) {
        await kfResponder.notify(route.conversationId, user, text, kfSend(kfTokens, user, route.openKfId))
        return true
      }
      return false
    },
  }
}
