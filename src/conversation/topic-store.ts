// Each conversation's topic (answer/follow-up.ts) beside its session, in the same store (SQLite or Redis) under its
// own key and with its own short TTL. A topic is a hint, not state: it is written without the conversation lock and
// behind the reply, coalesced (a conversation's topics of one flush interval make one write, one SQLite commit for
// all), so following a conversation costs a question turn no lock, no session write and no commit of its own.
// One lost to a crash only means a follow-up is read on its own.
import type Keyv from 'keyv'
import type { Topic } from '../answer/follow-up.js'
import { setBounded } from '../bounded.js'

export interface TopicStore {
  get(key: string): Promise<Topic | undefined>
  /** Kept at once for this instance; written to the store at the next flush. */
  set(key: string, topic: Topic): void
  /** Removed here and from the store now (删除我的信息). */
  delete(key: string): Promise<void>
  /** Writes what is waiting (every flushMs, and on close). */
  flush(): Promise<void>
  close(): Promise<void>
}

export interface TopicStoreOptions {
  ttlMs: number
  /** How long a changed topic waits for its write (default 1 s). */
  flushMs?: number
  /**
   * Only this instance writes the store (SQLite mode): topics are read from memory, the store only for what an
   * earlier run left (within a TTL of start-up) or memory let go. Unset with several instances (Redis): another may
   * have moved the conversation on, so the store is read.
   */
  soleWriter?: boolean
  /** Topics kept in memory by a sole writer. */
  remembered?: number
  onError?: (err: unknown) => void
  now?: () => number
}

export function createTopicStore(keyv: Keyv<Topic>, options: TopicStoreOptions): TopicStore {
  const { ttlMs, flushMs = 1000, soleWriter = false, remembered = 20_000 } = options
  const now = options.now ?? Date.now
  const startedAt = now()
  const waiting = new Map<string, Topic>()
  const recent = new Map<string, Topic>()
  let forgotten = false
  let timer: NodeJS.Timeout | undefined

  async function flush(): Promise<void> {
    clearTimeout(timer)
    timer = undefined
    if (waiting.size === 0) return
    const batch = [...waiting]
    waiting.clear()
    await Promise.all(batch.map(([key, topic]) => keyv.set(key, topic, ttlMs))).catch((err: unknown) => options.onError?.(err))
  }

  /** Whether the store may hold a topic this instance does not remember. */
  function storeMayKnow(): boolean {
    return !soleWriter || forgotten || now() - startedAt < ttlMs
  }

  return {
    async get(key) {
      const known = waiting.get(key) ?? recent.get(key)
      if (known) return known
      return storeMayKnow() ? keyv.get(key) : undefined
    },
    set(key, topic) {
      waiting.set(key, topic)
      if (soleWriter) {
        if (recent.size >= remembered && !recent.has(key)) forgotten = true // the oldest goes: read the store on a miss
        recent.delete(key) // most recently used last
        setBounded(recent, key, topic, remembered)
      }
      timer ??= setTimeout(() => void flush(), flushMs)
      timer.unref?.()
    },
    async delete(key) {
      waiting.delete(key)
      recent.delete(key)
      await keyv.delete(key)
    },
    flush,
    close: flush,
  }
}
