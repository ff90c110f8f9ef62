import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { purgeExpiredRows, sqliteKeyv } from '../../src/storage/keyv-sqlite-store.js'
import { DATABASE_FILE, openDatabase, type Db } from '../../src/storage/sqlite.js'

let dir: string
let db: Db

function open() {
  dir = mkdtempSync(join(tmpdir(), 'keyv-sqlite-'))
  db = openDatabase(dir)
  return db
}

afterEach(() => {
  if (db.open) db.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('Keyv on the shared SQLite connection', () => {
  it('stores, reads and deletes values per namespace', async () => {
    open()
    const a = sqliteKeyv<{ n: number }>(db, 'a').keyv
    const b = sqliteKeyv<{ n: number }>(db, 'b').keyv
    await a.set('k', { n: 1 })
    await b.set('k', { n: 2 })
    expect(await a.get('k')).toEqual({ n: 1 })
    expect(await b.get('k')).toEqual({ n: 2 })
    await a.clear()
    expect(await a.get('k')).toBeUndefined()
    expect(await b.get('k')).toEqual({ n: 2 })
    await b.delete('k')
    expect(await b.get('k')).toBeUndefined()
  })

  it('raises on a storage error instead of reading it as "missing"', async () => {
    open()
    const { keyv } = sqliteKeyv<string>(db, 'sessions')
    await keyv.set('user', 'state')
    db.close()
    await expect(keyv.get('user')).rejects.toThrow()
    await expect(keyv.set('user', 'x')).rejects.toThrow()
  })

  it('expires by TTL and purges expired rows', async () => {
    open()
    const { keyv } = sqliteKeyv<string>(db, 'sessions')
    await keyv.set('old', 'x', 1)
    await keyv.set('fresh', 'y', 60_000)
    await keyv.set('forever', 'z')
    await new Promise((r) => setTimeout(r, 10))
    expect(purgeExpiredRows(db)).toBe(1)
    expect(await keyv.get('old')).toBeUndefined()
    expect(await keyv.get('fresh')).toBe('y')
    expect(await keyv.get('forever')).toBe('z')
  })

  it("moves a row's expires column only when a write would outlive it, and never before the value expires", async () => {
    open()
    const { keyv } = sqliteKeyv<{ turn: number }>(db, 'sessions')
    const column = (key: string) => db.prepare<[string], number>('SELECT expires FROM keyv WHERE key = ?').pluck().get(`sessions:${key}`)
    const valueExpires = (key: string) =>
      (JSON.parse(db.prepare<[string], string>('SELECT value FROM keyv WHERE key = ?').pluck().get(`sessions:${key}`)!) as { expires: number }).expires
    const ttl = 1000 // slack: a tenth of it, 100 ms

    await keyv.set('u', { turn: 1 }, ttl)
    const first = column('u')!
    expect(first).toBeGreaterThanOrEqual(valueExpires('u') + 100)
    await new Promise((r) => setTimeout(r, 20))
    await keyv.set('u', { turn: 2 }, ttl) // within the slack: the value changes, the column stays
    expect(await keyv.get('u')).toEqual({ turn: 2 })
    expect(column('u')).toBe(first)
    expect(column('u')!).toBeGreaterThanOrEqual(valueExpires('u'))
    await new Promise((r) => setTimeout(r, 120))
    await keyv.set('u', { turn: 3 }, ttl) // past it: the column moves on
    expect(column('u')!).toBeGreaterThan(first)
    expect(column('u')!).toBeGreaterThanOrEqual(valueExpires('u'))
    // The purge never takes a live row: at the value's own expiry the column is still ahead of it.
    expect(purgeExpiredRows(db, valueExpires('u') - 1)).toBe(0)
    expect(await keyv.get('u')).toEqual({ turn: 3 })
  })

  it('writes a row anew when it went away behind the store (purged, or deleted by another connection)', async () => {
    open()
    const { keyv } = sqliteKeyv<string>(db, 'sessions')
    await keyv.set('u', 'a', 60_000)
    db.prepare('DELETE FROM keyv').run() // as the hourly purge or `npm run outbox` on the same file could
    await keyv.set('u', 'b', 60_000)
    expect(await keyv.get('u')).toBe('b')
    const row = db.prepare<[], { expires: number }>('SELECT expires FROM keyv').get()
    expect(row?.expires).toBeGreaterThan(Date.now() + 59_000)
    await keyv.delete('u')
    await keyv.set('u', 'c', 60_000)
    expect(await keyv.get('u')).toBe('c')
  })

  it('keeps the data directory and database owner-only', () => {
    open()
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, DATABASE_FILE)).mode & 0o777).toBe(0o600)
  })
})
