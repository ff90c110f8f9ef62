// WeChat retries a callback it thinks went unanswered, and with several instances the retry may reach another
// one: a message id is claimed once, in the shared store, under the shared lock.
import type Keyv from 'keyv'
import { addBounded } from '../../bounded.js'
import type { ConversationLock } from '../../conversation/keyed-mutex.js'

export interface Dedup {
  /** True the first time an id is claimed, by any instance; false for every retry. */
  claim(id: string): Promise<boolean>
}

/** WeChat's retries come within seconds; a day covers 微信客服's re-syncs too. */
const SEEN_TTL_MS = 86_400_000

export function createDedup(keyv: Keyv<number>, lock: ConversationLock): Dedup {
  const local = new Set<string>()
  return {
    async claim(id) {
      if (local.has(id)) return false
      addBounded(local, id, 5000)
      return lock.run(`wechat-seen:${id}`, async () => {
        if (await keyv.get(id)) return false
        await keyv.set(id, Date.now(), SEEN_TTL_MS)
        return true
      })
    },
  }
}
