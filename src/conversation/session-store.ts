// Sessions behind Keyv (SQLite by default, Redis with REDIS_URL). The Keyv must be built with
// throwOnErrors: a storage failure raises, it never reads as "no session".
import type Keyv from 'keyv'
import type { Fence } from './keyed-mutex.js'
import { migrateSession, type Session } from './session.js'

export interface SessionStore {
  get(key: string): Promise<Session | undefined>
  /**
   * With a fence (the lock of a turn in Redis mode), the write lands only while that lock is still the turn's,
   * and lets it go; it throws LockLostError, writing nothing, when the lock has passed to another turn.
   */
  set(key: string, session: Session, fence?: Fence): Promise<void>
  delete(key: string): Promise<void>
  /** Drops any copy held in memory (a turn failed and may have changed it unsaved); the store keeps its own. */
  forget(key: string): void
}

/** Writes a session as Keyv would, only while `fence` holds, and lets the fence's lock go (redis-keyv.ts). */
export type FencedWrite = (key: string, session: Session, ttlMs: number, fence: Fence) => Promise<void>

/** `writeFenced`: how this store writes under a fence; without it (SQLite mode, one writer) a fence is ignored. */
export function createKeyvSessionStore(keyv: Keyv<unknown>, ttlMs: number, writeFenced?: FencedWrite): SessionStore {
  return {
    async get(key) {
      const raw = await keyv.get(key)
      return raw === undefined ? undefined : migrateSession(raw)
    },
    async set(key, session, fence) {
      if (fence && writeFenced) return writeFenced(key, session, ttlMs, fence)
      const ok = await keyv.set(key, session, ttlMs)
      if (!ok) throw new Error('session store: write refused')
    },
    async delete(key) {
      await keyv.delete(key)
    },
    forget() {}, // every get() parses a new object: nothing to drop
  }
}
