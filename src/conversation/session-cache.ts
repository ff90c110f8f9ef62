// The recently active conversations, kept in memory in front of the session store: most turns then read no
// row and parse no Keyv envelope, and a new asker's follow-up questions know at once that there is no session.
// Only for a store this process alone writes (SQLite mode): with Redis another instance may have moved the
// conversation on, so the app never puts this in front of Redis.
import { migrateSession, type Session } from './session.js'
import type { SessionStore } from './session-store.js'

export interface SessionCacheOptions {
  /** Conversations kept (least recently used go first). Each costs about its JSON's size. */
  maxEntries: number
  /**
   * The store's TTL: a session this cache wrote is not served after the store would have expired it. One it
   * only read (whose expiry it cannot see) is kept at most an hour, or the TTL if shorter, then read again.
   */
  ttlMs: number
  now?: () => number
}

/** JSON rather than objects: every get() hands out a fresh copy, since the engine changes the one it gets. */
type Entry = { json: string; expiresAt: number } | { json: null }

export function createCachedSessionStore(store: SessionStore, options: SessionCacheOptions): SessionStore {
  const now = options.now ?? Date.now
  const entries = new Map<string, Entry>()
  const readLifeMs = Math.min(options.ttlMs, 3_600_000)

  function remember(key: string, entry: Entry): void {
    entries.delete(key) // re-inserted last: a Map keeps insertion order, so the first key is the least recent
    if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value!)
    entries.set(key, entry)
  }

  return {
    async get(key) {
      const entry = entries.get(key)
      if (entry && (entry.json === null || entry.expiresAt > now())) {
        remember(key, entry)
        return entry.json === null ? undefined : migrateSession(JSON.parse(entry.json))
      }
      const session = await store.get(key)
      remember(key, session ? { json: JSON.stringify(session), expiresAt: now() + readLifeMs } : { json: null })
      return session
    },
    async set(key, session: Session) {
      const json = JSON.stringify(session)
      entries.delete(key) // a failed write must not leave the old value looking current
      await store.set(key, session)
      remember(key, { json, expiresAt: now() + options.ttlMs })
    },
    async delete(key) {
      entries.delete(key)
      await store.delete(key)
      remember(key, { json: null })
    },
  }
}
