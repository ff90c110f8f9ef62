// The durable outbox, ids, the schedule and signing, on a real SQLite file.
import { Webhook } from 'standardwebhooks'
import { afterAll, describe, expect, it } from 'vitest'
import { APPLICATION_ID_PATTERN, newApplicationId, normalizeApplicationId } from '../../src/handoff/application-id.js'
import { webhookBody } from '../../src/handoff/attempt.js'
import { parseRetryAfter, retryDelayMs, afterFailure, RETRY_MULTIPLIERS } from '../../src/handoff/schedule.js'
import { secretKey, webhookHeaders } from '../../src/handoff/signing.js'
import { createSqliteApplicationStore } from '../../src/handoff/sqlite-outbox.js'
import { openDatabase } from '../../src/storage/sqlite.js'
import { applicationRecord, newSecret, tempDir } from './support.js'
import { maskApplicationFields } from '../../src/handoff/mask-fields.js'

const tmp = tempDir()
const db = openDatabase(tmp.dir)
const store = createSqliteApplicationStore(db)
afterAll(() => {
  db.close()
  tmp.remove()
})

describe('application ids', () => {
  it('are A + 8 Crockford base32 characters, distinct, and read-out forms normalise back', () => {
    const ids = new Set(Array.from({ length: 2000 }, newApplicationId))
    expect(ids.size).toBe(2000)
    for (const id of ids) expect(id).toMatch(APPLICATION_ID_PATTERN)
    expect(normalizeApplicationId(' a0l1-oi23z ')).toBe('A0110123Z')
    expect(normalizeApplicationId('A7K3M9Q2T')).toBe('A7K3M9Q2T')
  })
})

describe('submit', () => {
  it('writes the application and a pending delivery, and a repeat with the same id returns the same one', async () => {
    const record = applicationRecord()
    const first = await store.submit(record)
    expect(first.created).toBe(true)
    expect(first.application).toMatchObject({ id: record.id, status: 'pending', tries: 0, fields: record.fields })
    const again = await store.submit({ ...record, fields: { name: '李四' } })
    expect(again.created).toBe(false)
    expect(again.application.fields).toEqual(record.fields)
    const rows = db.prepare('SELECT COUNT(*) AS n FROM applications WHERE id = ?').get(record.id) as { n: number }
    expect(rows.n).toBe(1)
    const deliveries = db.prepare('SELECT COUNT(*) AS n FROM deliveries WHERE application_id = ?').get(record.id) as { n: number }
    expect(deliveries.n).toBe(1)
  })

  it('runs the extra callback inside the transaction: if it throws, nothing is written', async () => {
    db.exec('CREATE TABLE IF NOT EXISTS engine_marks (id TEXT PRIMARY KEY)')
    const mark = db.prepare('INSERT INTO engine_marks (id) VALUES (?)')
    const record = applicationRecord()
    await expect(
      store.submit(record, {
        inTransaction: () => {
          mark.run(record.id)
          throw new Error('engine failed')
        },
      }),
    ).rejects.toThrow('engine failed')
    expect(await store.get(record.id)).toBeUndefined()
    expect(db.prepare('SELECT id FROM engine_marks WHERE id = ?').get(record.id)).toBeUndefined()

    const seen: boolean[] = []
    await store.submit(record, { inTransaction: (created) => (mark.run(record.id), seen.push(created)) })
    expect(await store.get(record.id)).toBeDefined()
    expect(db.prepare('SELECT id FROM engine_marks WHERE id = ?').get(record.id)).toEqual({ id: record.id })
    await store.submit(record, { inTransaction: (created) => void seen.push(created) })
    expect(seen).toEqual([true, false])
  })

  it('keeps each distinct eligibility result once, shared by the applications that have it', async () => {
    const results = Object.freeze([{ programId: 'union_membership', status: 'likely_eligible', reasons: ['满足条件'], missing: [] }])
    const a = applicationRecord({ eligibility: results as unknown[] })
    const b = applicationRecord({ eligibility: JSON.parse(JSON.stringify(results)) }) // equal, not the same array
    const other = applicationRecord({ eligibility: [{ programId: 'union_membership', status: 'needs_info', reasons: [], missing: ['industry'] }] })
    for (const r of [a, b, other]) await store.submit(r)
    const hashes = db.prepare('SELECT DISTINCT eligibility_hash AS h FROM applications WHERE id IN (?, ?, ?)').all(a.id, b.id, other.id)
    expect(hashes).toHaveLength(2)
    expect((await store.get(a.id))!.eligibility).toEqual(results)
    expect((await store.get(b.id))!.eligibility).toEqual(results)
    expect((await store.get(other.id))!.eligibility).toEqual(other.eligibility)
    const claimed = await store.claimDue(Date.now() + 1000, 10_000, 5000)
    expect(claimed.find((c) => c.application.id === b.id)!.application.eligibility).toEqual(results)
  })

  it('rejects a malformed record', async () => {
    await expect(store.submit({ ...applicationRecord(), submittedAt: 'yesterday' })).rejects.toThrow(/submittedAt/)
    await expect(store.submit({ ...applicationRecord(), id: '' })).rejects.toThrow(/id/)
  })
})

describe('claims, retry, replay and redaction', () => {
  it('a claimed delivery is not claimed again until its lease expires', async () => {
    const record = applicationRecord()
    await store.submit(record)
    const now = Date.now() + 1000
    const claimed = await store.claimDue(now, 1000, 5000)
    expect(claimed.map((c) => c.application.id)).toContain(record.id)
    expect((await store.claimDue(now + 10, 1000, 5000)).map((c) => c.application.id)).not.toContain(record.id)
    const reclaimed = await store.claimDue(now + 6000, 1000, 5000) // the worker "died": lease over
    expect(reclaimed.find((c) => c.application.id === record.id)?.roundTries).toBe(2)
    expect(await store.retry(record.id)).toBe('in_flight')
    await store.markFailed(record.id, { error: 'HTTP 500', statusCode: 500, nextAttemptAt: null }, now)
    expect(await store.get(record.id)).toMatchObject({ status: 'dead', tries: 2, lastError: 'HTTP 500', nextAttemptAt: null })
    expect(await store.replayDead()).toBeGreaterThanOrEqual(1)
    const replayed = await store.get(record.id)
    expect(replayed).toMatchObject({ status: 'pending', tries: 2 })
    const fresh = await store.claimDue(Date.now() + 100_000, 1000, 5000)
    expect(fresh.find((c) => c.application.id === record.id)?.roundTries).toBe(1) // a fresh schedule
    await store.markDelivered(record.id, 204, Date.now())
    expect(await store.retry(record.id)).toBe('already_delivered')
    expect(await store.retry('A00000000')).toBe('not_found')
  })

  it('forUser lists what a user submitted; redactDelivered masks delivered ones and the rest once delivered', async () => {
    const userId = 'wxid_delete_me'
    const delivered = applicationRecord({ userId, fields: { name: '欧阳娜娜', phone: '13900139000', idNumber: '440524188001010014', description: '老板欠我 3000 元' } })
    const pending = applicationRecord({ userId })
    await store.submit(delivered)
    await store.submit(pending)
    await store.claimDue(Date.now() + 200_000, 1000, 5000) // takes every due delivery in this file
    await store.markDelivered(delivered.id, 200, Date.now())
    expect((await store.forUser(userId)).map((a) => [a.id, a.status])).toEqual(
      expect.arrayContaining([[delivered.id, 'delivered'], [pending.id, 'delivering']]),
    )
    expect(await store.redactDelivered(userId)).toEqual({ redacted: 1, redactOnDelivery: 1 })
    expect((await store.get(delivered.id))!.fields).toEqual({
      name: '欧***',
      phone: '139****9000',
      idNumber: '440***********0014',
      description: '[已删除]',
    })
    // Shown again (the API masks what it lists), the redacted copy looks the same, not 1399000.
    expect(maskApplicationFields((await store.get(delivered.id))!.fields)).toMatchObject({ name: '欧***', phone: '139****9000', idNumber: '440***********0014' })
    expect((await store.get(pending.id))!.fields.phone).toBe('13800138000') // still owed to the backend
    await store.markDelivered(pending.id, 200, Date.now())
    const after = await store.get(pending.id)
    expect(after!.fields).toMatchObject({ name: '张*', phone: '138****8000', idNumber: '110***********002X' })
    expect(after!.redactedAt).not.toBeNull()
  })
})

describe('schedule', () => {
  it('grows from the base as Svix does, with jitter of at most 20%', () => {
    const mid = () => 0.5
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, 5000, mid))).toEqual(RETRY_MULTIPLIERS.map((m) => m * 5000))
    expect(RETRY_MULTIPLIERS.map((m) => (m * 5000) / 1000)).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000])
    expect(retryDelayMs(1, 5000, () => 0)).toBe(4000)
    expect(retryDelayMs(1, 5000, () => 0.999999)).toBeLessThanOrEqual(6000)
  })

  it('410 and used-up tries are dead; Retry-After postpones beyond the schedule', () => {
    const opts = { baseMs: 20, maxAttempts: 8, now: 1_000, random: () => 0.5 }
    expect(afterFailure({ kind: 'failed', statusCode: 410, error: 'HTTP 410' }, 1, opts).nextAttemptAt).toBeNull()
    expect(afterFailure({ kind: 'failed', statusCode: 500, error: 'HTTP 500' }, 8, opts).nextAttemptAt).toBeNull()
    expect(afterFailure({ kind: 'failed', statusCode: 500, error: 'HTTP 500' }, 1, opts).nextAttemptAt).toBe(1_020)
    expect(afterFailure({ kind: 'failed', statusCode: 429, error: 'HTTP 429', retryAfterMs: 3000 }, 1, opts).nextAttemptAt).toBe(4_000)
  })

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('2', now)).toBe(2000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })
})

describe('signing', () => {
  it('produces headers the standardwebhooks package verifies, and it rejects a changed body', () => {
    const secret = newSecret()
    const record = applicationRecord()
    const body = webhookBody(record)
    const headers = webhookHeaders(record.id, body, secretKey(secret))
    expect(headers['webhook-id']).toBe(record.id)
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/)
    const payload = new Webhook(secret).verify(body, headers as unknown as Record<string, string>)
    expect(payload).toEqual({ type: 'application.submitted', ...record })
    expect(() => new Webhook(secret).verify(body.replace('张三', '李四'), headers as unknown as Record<string, string>)).toThrow()
    expect(new Webhook(secret).sign(record.id, new Date(Number(headers['webhook-timestamp']) * 1000), body)).toBe(headers['webhook-signature'])
  })
})

describe('a file made before eligibility results were shared', () => {
  it('gains the column on opening, and its applications read their own results', async () => {
    const old = tempDir()
    const oldDb = openDatabase(old.dir)
    try {
      oldDb.exec(`CREATE TABLE applications (id TEXT PRIMARY KEY, form TEXT NOT NULL, channel TEXT NOT NULL, user_id TEXT NOT NULL,
          fields TEXT NOT NULL, eligibility TEXT NOT NULL, policy_version TEXT NOT NULL, submitted_at TEXT NOT NULL,
          redacted_at INTEGER, redact_on_delivery INTEGER NOT NULL DEFAULT 0)`)
      oldDb.exec(`CREATE TABLE deliveries (application_id TEXT PRIMARY KEY REFERENCES applications(id), status TEXT NOT NULL,
          tries INTEGER NOT NULL DEFAULT 0, round_tries INTEGER NOT NULL DEFAULT 0, last_error TEXT, last_status_code INTEGER,
          next_attempt_at INTEGER NOT NULL, delivered_at INTEGER, updated_at INTEGER NOT NULL)`)
      const record = applicationRecord()
      oldDb.prepare(`INSERT INTO applications (id, form, channel, user_id, fields, eligibility, policy_version, submitted_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(record.id, record.form, record.channel, record.userId, JSON.stringify(record.fields),
        JSON.stringify(record.eligibility), record.policyVersion, record.submittedAt)
      oldDb.prepare(`INSERT INTO deliveries (application_id, status, next_attempt_at, updated_at) VALUES (?, 'pending', 0, 0)`).run(record.id)

      const reopened = createSqliteApplicationStore(oldDb)
      expect((await reopened.get(record.id))!.eligibility).toEqual(record.eligibility)
      const fresh = applicationRecord()
      await reopened.submit(fresh)
      expect((await reopened.get(fresh.id))!.eligibility).toEqual(fresh.eligibility)
      expect((await reopened.list()).map((a) => a.id).sort()).toEqual([record.id, fresh.id].sort())
    } finally {
      oldDb.close()
      old.remove()
    }
  })
})
