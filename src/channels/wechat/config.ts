// The WeChat channel's settings: from the app's Config, with timings a test (or an operator) can shorten.
import type { Config } from '../../config.js'

export interface WechatChannelConfig {
  /** WECHAT_ROOMS: group topics or ids the assistant answers in; empty: any group where it is @-mentioned. */
  rooms: string[]
  /** WECHAT_ADMIN: a contact name or id alerted on logout and errors. */
  admin?: string
  splitChars: number
  maxParts: number
  /** Messages from one user within this window are read as one question. */
  burstMs: number
  /** Pause between the parts of one reply. */
  sendPauseMs: number
  sendRetries: number
  sendRetryBaseMs: number
  /** Older messages are the backlog WeChat replays after a restart: skipped. */
  maxAgeSeconds: number
  rateLimit: { limit: number; windowMs: number }
  /** First delay before restarting after a logout or a puppet error; doubles up to restartMaxMs. */
  restartBaseMs: number
  restartMaxMs: number
  /** Questions answered from one forwarded chat history. */
  maxForwardedQuestions: number
  transcribe?: { baseUrl: string; apiKey?: string; model: string; timeoutMs: number }
}

export const defaultWechatConfig: WechatChannelConfig = {
  rooms: [],
  splitChars: 500,
  maxParts: 5,
  burstMs: 1500,
  sendPauseMs: 800,
  sendRetries: 3,
  sendRetryBaseMs: 1000,
  maxAgeSeconds: 60,
  // A quick hand filling in a form sends a message every two or three seconds: 15 in 30 s is a flood, 8 was not.
  rateLimit: { limit: 15, windowMs: 30_000 },
  restartBaseMs: 5_000,
  restartMaxMs: 300_000,
  maxForwardedQuestions: 5,
}

// Optional timing variables: read when the app's schema declares them (WECHAT_BURST_MS, WECHAT_SEND_PAUSE_MS).
type TimingEnv = Partial<Record<'WECHAT_BURST_MS' | 'WECHAT_SEND_PAUSE_MS', number>>

export function wechatConfigFrom(config: Config & TimingEnv, overrides: Partial<WechatChannelConfig> = {}): WechatChannelConfig {
  return {
    ...defaultWechatConfig,
    rooms: config.WECHAT_ROOMS,
    admin: config.WECHAT_ADMIN,
    splitChars: config.WECHAT_SPLIT_CHARS,
    burstMs: config.WECHAT_BURST_MS ?? defaultWechatConfig.burstMs,
    sendPauseMs: config.WECHAT_SEND_PAUSE_MS ?? defaultWechatConfig.sendPauseMs,
    transcribe: config.TRANSCRIBE_BASE_URL
      ? {
          baseUrl: config.TRANSCRIBE_BASE_URL,
          apiKey: config.TRANSCRIBE_API_KEY,
          model: config.TRANSCRIBE_MODEL,
          timeoutMs: config.OPENAI_TIMEOUT_MS * 2,
        }
      : undefined,
    ...overrides,
  }
}
