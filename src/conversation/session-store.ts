// Sessions behind Keyv (SQLite by default, Redis with REDIS_URL). The Keyv must be built with
// throwOnErrors: a storage failure raises, it never reads as "no session".
import type Keyv from 'keyv'
import { migrateSession, type Session } from './session.js'

export interface SessionStore {
  get(key: string): Promise<Session | undefined>
  set(key: string, session: Session): Promise<void>
  delete(key: string): Promise<void>
  /** Drops any copy held in memory (a turn failed and may have changed it unsaved); the store keeps its own. */
  forget(key: string): void
}

export function createKeyvSessionStore(keyv: Keyv<unknown>, ttlMs: number): SessionStore {
  return {
    async get(key) {
      const raw = await keyv.get(key)
      return raw === undefined ? undefined : migrateSession(raw)
    },
    async set(key, session) {
      const ok = await keyv.set(key, session, ttlMs)
      if (!ok) throw new Error('session store: write refused')
    },
    async delete(key) {
      await keyv.delete(key)
    },
    forget() {}, // every get() parses a new object: nothing to drop
  }
}
