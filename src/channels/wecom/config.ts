// The 企业微信 channel's settings: the self-built app (WECOM_AGENT_ID + WECOM_SECRET) and/or 微信客服
// (WECOM_KF_SECRET), sharing one callback URL, Token and EncodingAESKey.
import type { Config } from '../../config.js'

export interface WecomConfig {
  corpId: string
  token: string
  aesKey: string
  app?: { agentId: number; secret: string }
  kfSecret?: string
  apiBase: string
}

export function wecomConfigFrom(config: Config): WecomConfig | undefined {
  const { WECOM_CORP_ID: corpId, WECOM_TOKEN: token, WECOM_AES_KEY: aesKey } = config
  if (!corpId || !token || !aesKey) return undefined
  const app = config.WECOM_AGENT_ID && config.WECOM_SECRET ? { agentId: Number(config.WECOM_AGENT_ID), secret: config.WECOM_SECRET } : undefined
  if (!app && !config.WECOM_KF_SECRET) return undefined
  return { corpId, token, aesKey, app, kfSecret: config.WECOM_KF_SECRET, apiBase: config.WECOM_API_BASE }
}
