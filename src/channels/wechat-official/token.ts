// Access tokens, shared by every instance through the store (SQLite or Redis) and fetched under the shared lock:
// one fetch per expiry for all of them (single flight), and one refresh when the platform says the token is no
// longer good (40001/42001/40014), however many senders saw that at once.
import type Keyv from 'keyv'
import type { ConversationLock } from '../../conversation/keyed-mutex.js'
import { TOKEN_ERRCODES, WechatApiError } from './api.js'

interface StoredToken {
  token: string
  expiresAt: number
}

export interface TokenSource {
  get(): Promise<string>
  /** Calls `call` with the token; on a token error, refreshes it (unless another caller already has) and calls once more. */
  use<T>(call: (token: string) => Promise<T>): Promise<T>
}

export interface TokenSourceOptions {
  /** One per secret (the 企业微信 app's and 微信客服's tokens differ). */
  key: string
  keyv: Keyv<StoredToken>
  lock: ConversationLock
  fetchToken(): Promise<{ token: string; expiresInSeconds: number }>
  now?: () => number
}

/** A token is renewed this long before WeChat says it expires. */
const MARGIN_MS = 300_000

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const now = options.now ?? Date.now
  let local: StoredToken | undefined
  let inFlight: Promise<string> | undefined

  const fresh = (t: StoredToken | undefined, reject?: string): t is StoredToken =>
    Boolean(t && t.token !== reject && t.expiresAt - MARGIN_MS > now())

  function obtain(reject?: string): Promise<string> {
    if (fresh(local, reject)) return Promise.resolve(local.token)
    // One caller of this instance goes to the store; the others wait for it.
    inFlight ??= options.lock
      .run(`wechat-token:${options.key}`, async () => {
        const stored = await options.keyv.get(options.key)
        if (fresh(stored, reject)) return stored
        const { token, expiresInSeconds } = await options.fetchToken()
        const next = { token, expiresAt: now() + expiresInSeconds * 1000 }
        await options.keyv.set(options.key, next, expiresInSeconds * 1000)
        return next
      })
      .then((t) => {
        local = t
        return t.token
      })
      .finally(() => {
        inFlight = undefined
      })
    return inFlight
  }

  return {
    get: () => obtain(),
    async use(call) {
      const token = await obtain()
      try {
        return await call(token)
      } catch (error) {
        if (!(error instanceof WechatApiError) || !TOKEN_ERRCODES.has(error.errcode)) throw error
        return call(await obtain(token))
      }
    },
  }
}
