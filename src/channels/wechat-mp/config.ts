// The 公众号 channel's settings, from the environment (CONTRACT.md "Official WeChat channels").
import type { Config } from '../../config.js'

export interface WechatMpConfig {
  appId: string
  secret: string
  token: string
  /** Safe mode (encrypted messages) when set. */
  aesKey?: string
  apiBase: string
}

export function wechatMpConfigFrom(config: Config): WechatMpConfig | undefined {
  const { WECHAT_MP_APPID: appId, WECHAT_MP_SECRET: secret, WECHAT_MP_TOKEN: token } = config
  if (!appId || !secret || !token) return undefined
  return { appId, secret, token, aesKey: config.WECHAT_MP_AES_KEY, apiBase: config.WECHAT_API_BASE }
}
