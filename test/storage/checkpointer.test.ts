// The WAL checkpointer: a worker thread with its own connection copies committed pages into the database file,
// so the app's commits never do it themselves (the app's own auto-checkpoint is only a far-off safety net).
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from '../../src/storage/checkpointer.js'
import { DATABASE_FILE, openDatabase, type Db } from '../../src/storage/sqlite.js'

let dir: string
let db: Db

afterEach(() => {
  if (db?.open) db.close()
  rmSync(dir, { recursive: true, force: true })
})

const until = async (check: () => boolean, ms: number) => {
  const deadline = Date.now() + ms
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  return check()
}

describe('the WAL checkpointer', () => {
  it('moves committed pages into the database file from its own thread, and stops cleanly', async () => {
    dir = mkdtempSync(join(tmpdir(), 'checkpointer-'))
    db = openDatabase(dir)
    const errors: Error[] = []
    const checkpointer = startCheckpointer(db, { everyMs: 50, onError: (err) => errors.push(err) })
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES)

    db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)')
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)')
    const fileSize = () => statSync(join(dir, DATABASE_FILE)).size
    const before = fileSize()
    // About 2 MB of rows: far below the app connection's own checkpoint size, so only the worker can copy them.
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run('x'.repeat(4000))
    })()
    expect(await until(() => fileSize() > before + 1_000_000, 5000)).toBe(true)

    await checkpointer.stop()
    await checkpointer.stop() // twice is harmless
    expect(errors).toEqual([])
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 500 })
  })
})
