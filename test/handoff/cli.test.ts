// `npm run outbox -- list | retry ID | replay-dead`, run as a real process on a DATA_DIR.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSqliteApplicationStore } from '../../src/handoff/sqlite-outbox.js'
import type { ApplicationStore } from '../../src/handoff/types.js'
import { openDatabase, type Db } from '../../src/storage/sqlite.js'
import { applicationRecord, tempDir } from './support.js'

const cli = fileURLToPath(new URL('../../src/cli/outbox.ts', import.meta.url))
const tmp = tempDir()
let db: Db
let store: ApplicationStore
const dead1 = applicationRecord({ fields: { name: '王小明', phone: '13800138000', idNumber: '11010519491231002X' } })
const dead2 = applicationRecord()
const dead3 = applicationRecord()

async function outbox(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, ...args], {
      env: { ...process.env, DATA_DIR: tmp.dir },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

beforeAll(async () => {
  db = openDatabase(tmp.dir)
  store = createSqliteApplicationStore(db)
  for (const r of [dead1, dead2, dead3]) await store.submit(r)
  const now = Date.now()
  await store.claimDue(now, 10, 60_000)
  for (const r of [dead1, dead2, dead3]) await store.markFailed(r.id, { error: 'HTTP 410', statusCode: 410, nextAttemptAt: null }, now)
})

afterAll(() => {
  db.close()
  tmp.remove()
})

describe('outbox CLI', () => {
  it('lists with status and masked fields, retries one, replays the rest', async () => {
    const list = await outbox('list', '--status', 'dead')
    expect(list.code).toBe(0)
    expect(list.stdout).toContain('dead: 3')
    expect(list.stdout).toContain(dead1.id)
    expect(list.stdout).toContain('HTTP 410')
    expect(list.stdout).toContain('王**')
    expect(list.stdout).toContain('138****8000')
    expect(list.stdout).not.toContain('13800138000')
    expect(list.stdout).not.toContain('11010519491231002X')

    const retry = await outbox('retry', dead1.id.toLowerCase())
    expect(retry.code).toBe(0)
    expect((await store.get(dead1.id))?.status).toBe('pending')

    const replay = await outbox('replay-dead')
    expect(replay).toMatchObject({ code: 0, stdout: expect.stringContaining('2 dead application(s)') })
    expect(await store.countByStatus()).toMatchObject({ pending: 3, dead: 0 })
  })

  it('exits non-zero on an unknown id and on bad usage', async () => {
    const [unknown, usage] = await Promise.all([outbox('retry', 'A00000000'), outbox('frobnicate')])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no such application')
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('usage:')
  })
})
