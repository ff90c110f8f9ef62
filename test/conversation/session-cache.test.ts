// The in-memory cache of active sessions in front of the SQLite session store: what it serves is what the
// store holds (a failed turn forgets what it changed), a failed write never shows, and nothing outlives its TTL.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCachedSessionStore } from '../../src/conversation/session-cache.js'
import { createKeyvSessionStore, type SessionStore } from '../../src/conversation/session-store.js'
import { newSession } from '../../src/conversation/session.js'
import { sqliteKeyv } from '../../src/storage/keyv-sqlite-store.js'
import { openDatabase, type Db } from '../../src/storage/sqlite.js'

let dir: string
let db: Db
let store: SessionStore
let clock = 1_000_000
const TTL = 24 * 3_600_000

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'session-cache-'))
  db = openDatabase(dir)
  store = createKeyvSessionStore(sqliteKeyv(db, 'sessions').keyv, TTL)
})

afterEach(() => {
  if (db.open) db.close()
  rmSync(dir, { recursive: true, force: true })
})

const cached = (maxEntries = 10) => createCachedSessionStore(store, { maxEntries, ttlMs: TTL, now: () => clock })

describe('the session cache', () => {
  it('writes through to the store, and hands out what it holds until a failed turn forgets it', async () => {
    const sessions = cached()
    const s = newSession('u1', 'api', new Date(clock).toISOString())
    s.profile.hukou = 'ningbo'
    await sessions.set('k', s)
    expect(await store.get('k')).toEqual(s)

    // No copy: the conversation lock gives one turn at a time the object, and the engine saves what it changes.
    const a = (await sessions.get('k'))!
    expect(a).toBe(s)
    a.profile.hukou = 'other' // a turn changes it, then fails before saving
    sessions.forget('k')
    expect((await sessions.get('k'))!.profile.hukou).toBe('ningbo')
  })

  it('remembers that a conversation has no session, until one is written', async () => {
    const sessions = cached()
    expect(await sessions.get('new')).toBeUndefined()
    db.prepare('DELETE FROM keyv').run() // nothing to read: the answer must come from memory
    expect(await sessions.get('new')).toBeUndefined()
    await sessions.set('new', newSession('u2', 'api', new Date(clock).toISOString()))
    expect((await sessions.get('new'))!.userId).toBe('u2')
  })

  it('deletes from the store and from memory', async () => {
    const sessions = cached()
    await sessions.set('k', newSession('u3', 'api', new Date(clock).toISOString()))
    await sessions.delete('k')
    expect(await sessions.get('k')).toBeUndefined()
    expect(await store.get('k')).toBeUndefined()
  })

  it('never serves a value whose write failed', async () => {
    const sessions = cached()
    const first = newSession('u4', 'api', new Date(clock).toISOString())
    await sessions.set('k', first)
    db.close()
    const second = { ...first, profile: { hukou: 'other' as const } }
    await expect(sessions.set('k', second)).rejects.toThrow()
    // The failed write is forgotten, so the read goes to the (closed) store and fails loudly: never stale, never "no session".
    await expect(sessions.get('k')).rejects.toThrow()
  })

  it('keeps the most recently used conversations and re-reads the others from the store', async () => {
    const sessions = cached(2)
    for (const k of ['a', 'b', 'c']) await sessions.set(k, newSession(k, 'api', new Date(clock).toISOString()))
    // 'a' was dropped from memory; it is read from the store, not lost.
    expect((await sessions.get('a'))!.userId).toBe('a')
  })

  it('does not serve a session past the TTL, nor one only read for more than an hour', async () => {
    const sessions = cached()
    await sessions.set('w', newSession('w', 'api', new Date(clock).toISOString()))
    await store.set('r', newSession('r', 'api', new Date(clock).toISOString()))
    expect((await sessions.get('r'))!.userId).toBe('r')

    // Changed behind the cache's back (as only a test does): an hour later the cache reads the store again.
    await store.set('r', { ...newSession('r', 'api', new Date(clock).toISOString()), channel: 'console' })
    clock += 30 * 60_000
    expect((await sessions.get('r'))!.channel).toBe('api')
    clock += 31 * 60_000
    expect((await sessions.get('r'))!.channel).toBe('console')

    db.prepare('DELETE FROM keyv').run()
    clock += TTL // what was written is past its TTL: asked of the store, which no longer has it
    expect(await sessions.get('w')).toBeUndefined()
  })

  it('with the keys the store had at start-up, a key it never had costs no read; one written since is read', async () => {
    await store.set('old', newSession('old', 'api', new Date(clock).toISOString()))
    const sessions = createCachedSessionStore(store, { maxEntries: 10, ttlMs: TTL, now: () => clock, existingKeys: ['old'] })
    // Written behind the cache's back under a key it was not told of (as only a test does): not looked for.
    await store.set('sneaky', newSession('sneaky', 'api', new Date(clock).toISOString()))
    expect(await sessions.get('sneaky')).toBeUndefined()
    expect((await sessions.get('old'))!.userId).toBe('old')
    await sessions.set('fresh', newSession('fresh', 'api', new Date(clock).toISOString()))
    const reopened = createCachedSessionStore(store, { maxEntries: 1, ttlMs: TTL, now: () => clock, existingKeys: ['old', 'fresh'] })
    expect((await reopened.get('fresh'))!.userId).toBe('fresh')
  })
})
