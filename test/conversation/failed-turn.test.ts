// A turn whose storage fails part-way leaves nothing half-done: the user gets an error, the conversation stays
// where it was saved (the session cache in SQLite mode forgets what the failed turn changed), and the next
// try works. The failures are real: triggers in the app's own SQLite file refuse the write.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../src/storage/sqlite.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { said, worker } from './support.js'

let t: TestApp
let db: Database.Database

beforeAll(async () => {
  t = await startTestApp()
  db = new Database(join(t.dataDir, DATABASE_FILE))
})
afterAll(async () => {
  db?.close()
  await t?.close()
})

async function atSummary(userId: string) {
  const say = worker(t, userId)
  await say('我想加入工会', 'consent')
  await say('同意', 'name')
  await say('张三', 'phone')
  await say('13800138000', 'industry')
  await say('送外卖', 'confirm')
  return say
}

/** Sends `text` while a trigger makes SQLite refuse every `event` on `table` (dropped even if the send throws). */
async function sendWhileRefusing(event: 'INSERT' | 'UPDATE', table: string, userId: string, text: string) {
  db.exec(`CREATE TRIGGER refuse BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ABORT, 'refused'); END`)
  try {
    return await t.post('/api/chat', { userId, text })
  } finally {
    db.exec('DROP TRIGGER refuse')
  }
}

describe('a turn that fails in storage', () => {
  it('a refused session write: the correction did not happen, and the application keeps the saved phone', async () => {
    const say = await atSummary('fail-1')
    const failed = await sendWhileRefusing('UPDATE', 'keyv', 'fail-1', '电话改成13900139000')
    expect(failed.status).toBe(500)

    const again = await say('确认', null)
    const stored = await t.app.applications.get(again.applicationId!)
    expect(stored!.fields.phone).toBe('13800138000')
  })

  it('a refused submit: no number is given, the summary is still open, and 确认 then makes one application', async () => {
    const say = await atSummary('fail-2')
    const failed = await sendWhileRefusing('INSERT', 'applications', 'fail-2', '确认')
    expect(failed.status).toBe(500)
    expect(JSON.stringify(failed.body)).not.toMatch(/A[0-9A-Z]{8}/)

    const done = await say('确认', null)
    expect(done.applicationId).toMatch(/^A[0-9A-Z]{8}$/)
    expect(said(done)).toContain(done.applicationId!)
    const mine = await t.app.applications.forUser('fail-2')
    expect(mine.map((a) => a.id)).toEqual([done.applicationId])
  })
})
