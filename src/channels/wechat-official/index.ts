// The official WeChat channels the configuration names (公众号, 企业微信 / 微信客服), on the app's HTTP server.
import type { Config } from '../../config.js'
import { createWechatMpChannel, wechatMpConfigFrom } from '../wechat-mp/index.js'
import type { OfficialChannel, OfficialDeps } from './channel-deps.js'
import { createWecomChannel, wecomConfigFrom } from '../wecom/index.js'
import { NOTICE_ROUTES_NAMESPACE, createNoticeRoutes } from './notices.js'

export interface OfficialChannels {
  stop(): Promise<void>
  /**
   * A case-status notice to a user who applied on one of these channels, through it. Resolves false when none of
   * them knows the user (a Wechaty contact's notice); rejects on a transport failure, for the notice worker to
   * retry. A refusal by the platform (45015: the reply window is over) is recorded and resolves true.
   */
  notify(userId: string, text: string): Promise<boolean>
}

export function createOfficialChannels(config: Config, given: OfficialDeps): OfficialChannels {
  // One store per namespace for all the channels (in Redis mode each adds its listeners to the shared client).
  const stores = new Map<string, unknown>()
  const keyv = <T>(namespace: string) => {
    if (!stores.has(namespace)) stores.set(namespace, given.keyv<T>(namespace))
    return stores.get(namespace) as ReturnType<typeof given.keyv<T>>
  }
  const deps: OfficialDeps = { ...given, keyv }
  const channels: OfficialChannel[] = []
  const mp = wechatMpConfigFrom(config)
  if (mp) channels.push(createWechatMpChannel(mp, deps))
  const wecom = wecomConfigFrom(config)
  if (wecom) channels.push(createWecomChannel(wecom, deps))
  if (config.WECHAT_MP_APPID && !mp) deps.logger.warn('WECHAT_MP_APPID is set without WECHAT_MP_SECRET and WECHAT_MP_TOKEN: 公众号 channel off')
  if (config.WECOM_CORP_ID && !wecom) deps.logger.warn('WECOM_CORP_ID is set without WECOM_TOKEN, WECOM_AES_KEY and an app (WECOM_AGENT_ID + WECOM_SECRET) or WECOM_KF_SECRET: 企业微信 channel off')
  const routes = createNoticeRoutes(deps.keyv(NOTICE_ROUTES_NAMESPACE))
  return {
    stop: async () => void (await Promise.all(channels.map((c) => c.stop()))),
    async notify(userId, text) {
      const route = await routes.find(userId)
      if (!route) return false
      for (const channel of channels) if (await channel.notify(route, userId, text)) return true
      return false
    },
  }
}
