// Group commit: the writes of a moment (a turn or two of the event loop) share one transaction, each in its own
// savepoint, and every caller learns its outcome only once the commit is done.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE, openDatabase, type Db } from '../../src/storage/sqlite.js'
import { writeBatchOf } from '../../src/storage/write-batch.js'

let dir: string
let db: Db
let other: Database.Database

afterEach(() => {
  other?.close()
  if (db?.open) db.close()
  rmSync(dir, { recursive: true, force: true })
})

function open() {
  dir = mkdtempSync(join(tmpdir(), 'write-batch-'))
  db = openDatabase(dir)
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)')
  other = new Database(join(dir, DATABASE_FILE), { readonly: true }) // a second connection sees only commits
  return { insert: db.prepare('INSERT INTO t (k) VALUES (?)'), committed: () => (other.prepare('SELECT k FROM t ORDER BY k').all() as { k: string }[]).map((r) => r.k) }
}

describe('the write batch', () => {
  it('commits the writes of one moment together; a failing one is rolled back alone', async () => {
    const { insert, committed } = open()
    const batch = writeBatchOf(db)
    expect(writeBatchOf(db)).toBe(batch) // one per connection
    let seenDuringB: string[] = []
    const a = batch.run(() => insert.run('a').changes)
    const b = batch.run(() => {
      seenDuringB = committed()
      return insert.run('b').changes
    })
    const bad = batch.run(() => {
      insert.run('x')
      throw new Error('refused')
    })
    const d = batch.run(() => insert.run('d').changes)
    expect(committed()).toEqual([]) // nothing is committed before the batch runs

    await expect(a).resolves.toBe(1)
    await expect(b).resolves.toBe(1)
    await expect(bad).rejects.toThrow('refused')
    await expect(d).resolves.toBe(1)
    expect(seenDuringB).toEqual([]) // 'a' was not yet committed when 'b' ran: one transaction
    expect(committed()).toEqual(['a', 'b', 'd']) // 'x' went with its failing write
  })

  it('a failed commit rejects every write in it', async () => {
    const { insert } = open()
    const batch = writeBatchOf(db)
    const a = batch.run(() => insert.run('a'))
    db.close()
    await expect(a).rejects.toThrow()
  })

  it('flushNow commits at once, for a read that must see everything', async () => {
    const { insert, committed } = open()
    const batch = writeBatchOf(db)
    const a = batch.run(() => insert.run('a'))
    batch.flushNow()
    expect(committed()).toEqual(['a'])
    await a
  })

  it('lets a small batch wait one more turn of the loop for company, and commits it with what came', async () => {
    const { insert, committed } = open()
    const batch = writeBatchOf(db)
    const a = batch.run(() => insert.run('a').changes)
    await new Promise((resolve) => setImmediate(resolve)) // the next turn of the event loop
    let seenDuringB: string[] = ['not run']
    const b = batch.run(() => {
      seenDuringB = committed()
      return insert.run('b').changes
    })
    await Promise.all([a, b])
    expect(seenDuringB).toEqual([]) // a was not committed on its own
    expect(committed()).toEqual(['a', 'b'])
  })
})
