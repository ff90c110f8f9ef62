// The recently active conversations, kept in memory in front of the session store: most turns then read no
// row and parse no JSON, and a new asker (whose key the store has never held) costs no read at all.
// Only for a store this process alone writes (SQLite mode): with Redis another instance may have moved the
// conversation on, so the app never puts this in front of Redis.
//
// A read hands out the session object the cache holds, not a copy: the conversation lock lets one turn at a
// time have it, and the engine changes it only to save it. A turn that fails part-way calls forget(), since it
// may have changed the object without saving it; a failed write forgets it too.
import { setBounded } from '../bounded.js'
import type { Session } from './session.js'
import type { SessionStore } from './session-store.js'

export interface SessionCacheOptions {
  /** Conversations kept (least recently used go first). Each costs about its JSON's size. */
  maxEntries: number
  /**
   * The store's TTL: a session this cache wrote is not served after the store would have expired it. One it
   * only read (whose expiry it cannot see) is kept at most an hour, or the TTL if shorter, then read again.
   */
  ttlMs: number
  /**
   * Every key the store may hold a session for (SQLite mode reads them at start-up). A key outside them has
   * none, and a new asker's turn then reads nothing from the store. Omitted, every miss asks the store.
   */
  existingKeys?: Iterable<string>
  now?: () => number
}

/** Beyond this many known keys the cache stops keeping them (and asks the store on every miss again). */
const MAX_KNOWN_KEYS = 500_000

/** session null: the store has none for this key. */
type Entry = { session: Session; expiresAt: number } | { session: null }

export function createCachedSessionStore(store: SessionStore, options: SessionCacheOptions): SessionStore {
  const now = options.now ?? Date.now
  const entries = new Map<string, Entry>()
  const readLifeMs = Math.min(options.ttlMs, 3_600_000)
  // A superset of the keys with a session in the store: added to on every write, never trusted to be exact.
  let existing = options.existingKeys ? new Set(options.existingKeys) : undefined
  if (existing && existing.size > MAX_KNOWN_KEYS) existing = undefined

  function remember(key: string, entry: Entry): void {
    entries.delete(key) // re-inserted last, so the first key is the least recently used
    setBounded(entries, key, entry, options.maxEntries)
  }

  return {
    async get(key) {
      const entry = entries.get(key)
      if (entry && (entry.session === null || entry.expiresAt > now())) {
        remember(key, entry)
        return entry.session ?? undefined
      }
      const session = existing && !existing.has(key) ? undefined : await store.get(key)
      remember(key, session ? { session, expiresAt: now() + readLifeMs } : { session: null })
      return session
    },
    async set(key, session: Session, fence) {
      entries.delete(key) // a failed write must not leave the object looking saved
      existing?.add(key) // before the write: even a failed one may have reached the store
      if (existing && existing.size > MAX_KNOWN_KEYS) existing = undefined
      await store.set(key, session, fence)
      remember(key, { session, expiresAt: now() + options.ttlMs })
    },
    async delete(key) {
      entries.delete(key)
      await store.delete(key)
      remember(key, { session: null })
    },
    forget(key) {
      entries.delete(key)
    },
  }
}
