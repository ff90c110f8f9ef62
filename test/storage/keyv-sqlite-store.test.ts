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

  it('keeps the data directory and database owner-only', () => {
    open()
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, DATABASE_FILE)).mode & 0o777).toBe(0o600)
  })
})
