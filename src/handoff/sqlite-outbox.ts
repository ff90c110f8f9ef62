// The embedded outbox: applications and their delivery records in the shared SQLite file. A submit writes
// both in one transaction, so a user is only told a reference number that is already owed to the backend.
import type { Db } from '../storage/sqlite.js'
import { writeBatchOf } from '../storage/write-batch.js'
import { redactApplicationFields } from './mask-fields.js'
import type {
  ApplicationRecord,
  ApplicationStore,
  ClaimedDelivery,
  DeliveryStatus,
  FailureUpdate,
  ListOptions,
  RedactionResult,
  RetryOutcome,
  StoredApplication,
  SubmitOptions,
  SubmitResult,
} from './types.js'
import { DELIVERY_STATUSES } from './types.js'
import { checkRecord } from './check-record.js'
import { storedResults, type StoredResults } from './eligibility-json.js'
import { owedNow, storedApplication } from './stored-application.js'

export { newApplicationId, normalizeApplicationId } from './application-id.js'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS applications (
  id TEXT PRIMARY KEY,
  form TEXT NOT NULL,
  channel TEXT NOT NULL,
  user_id TEXT NOT NULL,
  fields TEXT NOT NULL,
  eligibility TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  redacted_at INTEGER,
  redact_on_delivery INTEGER NOT NULL DEFAULT 0,
  eligibility_hash TEXT,
  resubmission TEXT
);
CREATE TABLE IF NOT EXISTS eligibility_results (
  hash TEXT PRIMARY KEY,
  results TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS applications_user ON applications(user_id);
CREATE INDEX IF NOT EXISTS applications_submitted ON applications(submitted_at);
CREATE TABLE IF NOT EXISTS deliveries (
  application_id TEXT PRIMARY KEY REFERENCES applications(id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivering', 'delivered', 'dead')),
  tries INTEGER NOT NULL DEFAULT 0,
  round_tries INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  last_status_code INTEGER,
  next_attempt_at INTEGER NOT NULL,
  delivered_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(status, next_attempt_at);
`

interface Row {
  id: string
  form: string
  channel: string
  user_id: string
  fields: string
  /** The results' JSON: from eligibility_results, or (rows written before it existed) the row's own column. */
  eligibility_json: string
  policy_version: string
  submitted_at: string
  redacted_at: number | null
  redact_on_delivery: number
  /** A 补正 re-submission's {of, changed} as JSON, or null for an application. */
  resubmission: string | null
  status: DeliveryStatus
  tries: number
  round_tries: number
  last_error: string | null
  last_status_code: number | null
  next_attempt_at: number
  delivered_at: number | null
}

const SELECT = `SELECT a.*, COALESCE(e.results, a.eligibility) AS eligibility_json,
  d.status, d.tries, d.round_tries, d.last_error, d.last_status_code, d.next_attempt_at, d.delivered_at
  FROM applications a JOIN deliveries d ON d.application_id = a.id
  LEFT JOIN eligibility_results e ON e.hash = a.eligibility_hash`

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function toRecord(row: Row): ApplicationRecord {
  return {
    id: row.id,
    form: row.form,
    channel: row.channel,
    userId: row.user_id,
    fields: JSON.parse(row.fields) as Record<string, unknown>,
    eligibility: JSON.parse(row.eligibility_json) as unknown[],
    policyVersion: row.policy_version,
    submittedAt: row.submitted_at,
    ...(row.resubmission ? { resubmission: JSON.parse(row.resubmission) as { of: string; changed: string[] } } : {}),
  }
}

function toStored(row: Row): StoredApplication {
  const owed = row.status === 'pending' || row.status === 'delivering'
  return storedApplication(toRecord(row), {
    status: row.status,
    tries: row.tries,
    lastError: row.last_error,
    lastStatusCode: row.last_status_code,
    nextAttemptAt: owed ? iso(row.next_attempt_at) : null,
    deliveredAt: iso(row.delivered_at),
    redactedAt: iso(row.redacted_at),
  })
}

/** The ApplicationStore on the shared better-sqlite3 connection (creates its tables if needed). */
export function createSqliteApplicationStore(db: Db): ApplicationStore {
  db.exec(SCHEMA)
  // Files made before eligibility_results kept each application's results in its own row (they still read).
  const hasHash = db.prepare(`SELECT 1 FROM pragma_table_info('applications') WHERE name = 'eligibility_hash'`).get()
  if (!hasHash) db.exec('ALTER TABLE applications ADD COLUMN eligibility_hash TEXT')
  const hasResubmission = db.prepare(`SELECT 1 FROM pragma_table_info('applications') WHERE name = 'resubmission'`).get()
  if (!hasResubmission) db.exec('ALTER TABLE applications ADD COLUMN resubmission TEXT')
  const s = {
    insertApplication: db.prepare(`INSERT OR IGNORE INTO applications
      (id, form, channel, user_id, fields, eligibility, eligibility_hash, policy_version, submitted_at, resubmission)
      VALUES (@id, @form, @channel, @userId, @fields, '', @eligibilityHash, @policyVersion, @submittedAt, @resubmission)`),
    setCurrentFields: db.prepare(`UPDATE applications SET fields = ? WHERE id = ? AND resubmission IS NULL`),
    hasResults: db.prepare<[string], 1>(`SELECT 1 FROM eligibility_results WHERE hash = ?`).pluck(),
    insertResults: db.prepare(`INSERT OR IGNORE INTO eligibility_results (hash, results) VALUES (?, ?)`),
    insertDelivery: db.prepare(`INSERT INTO deliveries (application_id, status, next_attempt_at, updated_at)
      VALUES (?, 'pending', ?, ?)`),
    get: db.prepare<[string], Row>(`${SELECT} WHERE a.id = ?`),
    listAll: db.prepare<[number], Row>(`${SELECT} WHERE a.resubmission IS NULL ORDER BY a.submitted_at DESC, a.id LIMIT ?`),
    listByStatus: db.prepare<[string, number], Row>(`${SELECT} WHERE d.status = ? AND a.resubmission IS NULL ORDER BY a.submitted_at DESC, a.id LIMIT ?`),
    // Re-submissions included: 删除我的信息 masks them too (the public forUser leaves them out).
    forUser: db.prepare<[string], Row>(`${SELECT} WHERE a.user_id = ? ORDER BY a.submitted_at, a.id`),
    byPhone: db.prepare<[string, number], Row>(`${SELECT} WHERE a.resubmission IS NULL AND json_extract(a.fields, '$.phone') = ?
      ORDER BY a.submitted_at DESC, a.id LIMIT ?`),
    byPhoneEnd: db.prepare<[string, number], Row>(`${SELECT} WHERE a.resubmission IS NULL AND substr(json_extract(a.fields, '$.phone'), -4) = ?
      ORDER BY a.submitted_at DESC, a.id LIMIT ?`),
    counts: db.prepare<[], { status: DeliveryStatus; n: number }>(`SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status`),
    resetOne: db.prepare(`UPDATE deliveries SET status = 'pending', round_tries = 0, next_attempt_at = ?, updated_at = ?
      WHERE application_id = ? AND status IN ('pending', 'dead')`),
    replayDead: db.prepare(`UPDATE deliveries SET status = 'pending', round_tries = 0, next_attempt_at = ?, updated_at = ?
      WHERE status = 'dead'`),
    due: db.prepare<[number, number], Row>(`${SELECT} WHERE d.status IN ('pending', 'delivering') AND d.next_attempt_at <= ?
      ORDER BY d.next_attempt_at, a.id LIMIT ?`),
    claim: db.prepare(`UPDATE deliveries SET status = 'delivering', tries = tries + 1, round_tries = round_tries + 1,
      next_attempt_at = ?, updated_at = ? WHERE application_id = ?`),
    delivered: db.prepare(`UPDATE deliveries SET status = 'delivered', delivered_at = ?, last_status_code = ?,
      last_error = NULL, updated_at = ? WHERE application_id = ? AND status = 'delivering'`),
    failed: db.prepare(`UPDATE deliveries SET status = ?, next_attempt_at = ?, last_error = ?, last_status_code = ?,
      updated_at = ? WHERE application_id = ? AND status = 'delivering'`),
    nextDue: db.prepare<[], { t: number | null }>(`SELECT MIN(next_attempt_at) AS t FROM deliveries
      WHERE status IN ('pending', 'delivering')`),
    setFields: db.prepare(`UPDATE applications SET fields = ?, redacted_at = ?, redact_on_delivery = 0 WHERE id = ?`),
    markRedactLater: db.prepare(`UPDATE applications SET redact_on_delivery = 1 WHERE id = ?`),
  }

  function redactRow(row: Row, now: number): void {
    const fields = JSON.parse(row.fields) as Record<string, unknown>
    s.setFields.run(JSON.stringify(redactApplicationFields(fields)), now, row.id)
  }

  const batch = writeBatchOf(db)
  const submitTx = db.transaction((record: ApplicationRecord, options: SubmitOptions | undefined, results: StoredResults): SubmitResult => {
    const now = Date.now()
    // Looked up first: binding 15 KB of JSON only for an INSERT OR IGNORE to drop it cost more than the insert.
    if (!s.hasResults.get(results.hash)) s.insertResults.run(results.hash, results.json)
    // Named one by one, not spread from the record (see storedApplication()).
    const inserted = s.insertApplication.run({
      id: record.id,
      form: record.form,
      channel: record.channel,
      userId: record.userId,
      fields: JSON.stringify(record.fields),
      eligibilityHash: results.hash,
      policyVersion: record.policyVersion,
      submittedAt: record.submittedAt,
      resubmission: record.resubmission ? JSON.stringify(record.resubmission) : null,
    })
    const created = inserted.changes === 1
    if (created) s.insertDelivery.run(record.id, now, now)
    // A 补正 re-submission: the application's fields become the ones sent again, in the same transaction.
    if (created && record.resubmission) s.setCurrentFields.run(JSON.stringify(record.fields), record.resubmission.of)
    options?.inTransaction?.(created)
    // A new row is exactly the record, owed now: no need to read it back (and parse its eligibility again).
    const application = created ? owedNow(record, now) : toStored(s.get.get(record.id)!)
    return { application, created }
  })

  // IMMEDIATE: takes the write lock before reading, so two processes on one file never claim the same row.
  const claimTx = db.transaction((now: number, limit: number, leaseMs: number): ClaimedDelivery[] => {
    const rows = s.due.all(now, limit)
    return rows.map((row) => {
      s.claim.run(now + leaseMs, now, row.id)
      return { application: toRecord(row), roundTries: row.round_tries + 1 }
    })
  })

  const deliveredTx = db.transaction((id: string, statusCode: number, now: number) => {
    const changed = s.delivered.run(now, statusCode, now, id).changes
    const row = s.get.get(id)
    if (changed && row?.redact_on_delivery) redactRow(row, now)
  })

  const redactTx = db.transaction((userId: string): RedactionResult => {
    const now = Date.now()
    const result: RedactionResult = { redacted: 0, redactOnDelivery: 0 }
    for (const row of s.forUser.all(userId)) {
      if (row.status === 'delivered') {
        if (row.redacted_at === null) {
          redactRow(row, now)
          result.redacted++
        }
      } else {
        s.markRedactLater.run(row.id)
        result.redactOnDelivery++
      }
    }
    return result
  })

  return {
    async submit(record, options) {
      checkRecord(record)
      // In the connection's group commit: an application shares its commit with the session writes of the
      // same moment, and the promise settles only once it is committed.
      const results = storedResults(record.eligibility)
      return batch.run(() => submitTx(record, options, results))
    },
    async get(id) {
      const row = s.get.get(id)
      return row ? toStored(row) : undefined
    },
    async list(options: ListOptions = {}) {
      const limit = Math.max(1, Math.min(options.limit ?? 50, 10_000))
      const rows = options.status ? s.listByStatus.all(options.status, limit) : s.listAll.all(limit)
      return rows.map(toStored)
    },
    async countByStatus() {
      const counts = Object.fromEntries(DELIVERY_STATUSES.map((st) => [st, 0])) as Record<DeliveryStatus, number>
      for (const { status, n } of s.counts.all()) counts[status] = n
      return counts
    },
    async retry(id): Promise<RetryOutcome> {
      const row = s.get.get(id)
      if (!row) return 'not_found'
      if (row.status === 'delivered') return 'already_delivered'
      if (row.status === 'delivering') return 'in_flight'
      const now = Date.now()
      s.resetOne.run(now, now, id)
      return 'scheduled'
    },
    async replayDead() {
      const now = Date.now()
      return s.replayDead.run(now, now).changes
    },
    async forUser(userId) {
      return s.forUser.all(userId).filter((row) => !row.resubmission).map(toStored)
    },
    async findByPhone(digits, limit) {
      return (digits.length === 4 ? s.byPhoneEnd : s.byPhone).all(digits, limit).map(toStored)
    },
    async redactDelivered(userId) {
      return redactTx(userId)
    },
    async claimDue(now, limit, leaseMs) {
      return claimTx.immediate(now, limit, leaseMs)
    },
    async markDelivered(id, statusCode, now) {
      deliveredTx.immediate(id, statusCode, now)
    },
    async markFailed(id, update: FailureUpdate, now) {
      const status: DeliveryStatus = update.nextAttemptAt === null ? 'dead' : 'pending'
      s.failed.run(status, update.nextAttemptAt ?? now, update.error, update.statusCode, now, id)
    },
    async nextDueAt() {
      return s.nextDue.get()?.t ?? null
    },
  }
}
