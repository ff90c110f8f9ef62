// Each conversation's topic (answer/follow-up.ts) beside its session, in the same store (SQLite or Redis, so every
// instance reads it), under its own key and with its own short TTL. A topic is a hint, not state: it is written
// without the conversation lock and behind the reply, coalesced (one write a conversation a flush, one SQLite
// commit for all), so following a conversation costs a question turn no lock, no session write and no commit.
// A topic still waiting for its flush is read from memory, others from the store (another instance may have moved
// the conversation on); one lost to a crash only means a follow-up is read on its own.
import type Keyv from 'keyv'
import type { Topic } from '../answer/follow-up.js'

export interface TopicStore {
  get(key: string): Promise<Topic | undefined>
  /** Kept at once for this instance; written to the store at the next flush. */
  set(key: string, topic: Topic): void
  /** Removed here and from the store now (删除我的信息). */
  delete(key: string): Promise<void>
  /** Writes what is waiting (on stop, and every flushMs). */
  flush(): Promise<void>
  close(): Promise<void>
}

export interface TopicStoreOptions {
  ttlMs: number
  /** How long a changed topic waits for its write (default 1 s). */
  flushMs?: number
  onError?: (err: unknown) => void
}

export function createTopicStore(keyv: Keyv<Topic>, options: TopicStoreOptions): TopicStore {
  const { ttlMs, flushMs = 1000 } = options
  const waiting = new Map<string, Topic>()
  let timer: NodeJS.Timeout | undefined

  async function flush(): Promise<void> {
    clearTimeout(timer)
    timer = undefined
    if (waiting.size === 0) return
    const batch = [...waiting]
    waiting.clear()
    await Promise.all(batch.map(([key, topic]) => keyv.set(key, topic, ttlMs))).catch((err: unknown) => options.onError?.(err))
  }

  return {
    async get(key) {
      return waiting.get(key) ?? (await keyv.get(key))
    },
    set(key, topic) {
      waiting.set(key, topic)
      timer ??= setTimeout(() => void flush(), flushMs)
      timer.unref?.()
    },
    async delete(key) {
      waiting.delete(key)
      await keyv.delete(key)
    },
    flush,
    close: flush,
  }
}
