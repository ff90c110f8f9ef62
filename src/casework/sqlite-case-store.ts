// The case status in the shared SQLite file, beside the outbox's tables: each event under its webhook-id, the
// application's current status, and the notices owed to the worker, all written in one transaction.
import { randomUUID } from 'node:crypto'
import type { Db } from '../storage/sqlite.js'
import type { AcceptOutcome, CaseEvent, CaseInfo, CaseStatus, CaseStore, HistoryEntry, Need, NoticeDraft, PushNotice } from './types.js'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS case_events (
  webhook_id TEXT PRIMARY KEY,
  application_id TEXT NOT NULL,
  status TEXT NOT NULL,
  at TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  message TEXT,
  body TEXT NOT NULL,
  stale INTEGER NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS case_events_app ON case_events(application_id, at_ms);
CREATE TABLE IF NOT EXISTS case_status (
  application_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  webhook_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_notices (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  application_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  user_id TEXT NOT NULL,
  text TEXT NOT NULL,
  push INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'sending', 'sent', 'failed')),
  due_at INTEGER NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  sent_at INTEGER
);
CREATE INDEX IF NOT EXISTS case_notices_inbox ON case_notices(channel, user_id, state);
CREATE INDEX IF NOT EXISTS case_notices_due ON case_notices(push, state, due_at);
`

interface EventRow {
  webhook_id: string
  application_id: string
  status: CaseStatus
  at: string
  message: string | null
  body: string
  stale: number
}

export function createSqliteCaseStore(db: Db): CaseStore {
  db.exec(SCHEMA)
  const s = {
    appExists: db.prepare<[string], 1>(`SELECT 1 FROM applications WHERE id = ?`).pluck(),
    seen: db.prepare<[string], 1>(`SELECT 1 FROM case_events WHERE webhook_id = ?`).pluck(),
    current: db.prepare<[string], { status: string; at_ms: number }>(`SELECT status, at_ms FROM case_status WHERE application_id = ?`),
    insertEvent: db.prepare(`INSERT INTO case_events (webhook_id, application_id, status, at, at_ms, message, body, stale, received_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    setStatus: db.prepare(`INSERT INTO case_status (application_id, status, at_ms, webhook_id) VALUES (?, ?, ?, ?)
      ON CONFLICT(application_id) DO UPDATE SET status = excluded.status, at_ms = excluded.at_ms, webhook_id = excluded.webhook_id`),
    insertNotice: db.prepare(`INSERT INTO case_notices (id, seq, application_id, channel, user_id, text, push, state, due_at)
      VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM case_notices), ?, ?, ?, ?, ?, 'waiting', ?)`),
    events: db.prepare<[string], EventRow>(`SELECT * FROM case_events WHERE application_id = ? ORDER BY at_ms, received_at`),
    latest: db.prepare<[string], EventRow>(`SELECT e.* FROM case_status c JOIN case_events e ON e.webhook_id = c.webhook_id WHERE c.application_id = ?`),
    inbox: db.prepare<[string, string], { id: string; text: string }>(`SELECT id, text FROM case_notices
      WHERE channel = ? AND user_id = ? AND push = 0 AND state = 'waiting' ORDER BY seq`),
    markSentOne: db.prepare(`UPDATE case_notices SET state = 'sent', sent_at = ? WHERE id = ? AND state IN ('waiting', 'sending')`),
    due: db.prepare<[number, number], PushNotice & { application_id: string; user_id: string }>(`SELECT id, application_id, channel, user_id, text, tries
      FROM case_notices WHERE push = 1 AND state IN ('waiting', 'sending') AND due_at <= ? ORDER BY due_at, seq LIMIT ?`),
    claim: db.prepare(`UPDATE case_notices SET state = 'sending', tries = tries + 1, due_at = ? WHERE id = ?`),
    failed: db.prepare(`UPDATE case_notices SET state = ?, due_at = ?, last_error = ? WHERE id = ? AND state = 'sending'`),
    nextDue: db.prepare<[], { t: number | null }>(`SELECT MIN(due_at) AS t FROM case_notices WHERE push = 1 AND state IN ('waiting', 'sending')`),
  }

  const acceptTx = db.transaction((webhookId: string, event: CaseEvent, notice: NoticeDraft): AcceptOutcome => {
    if (s.seen.get(webhookId)) return 'duplicate'
    if (!s.appExists.get(event.applicationId)) return 'unknown_application'
    const atMs = Date.parse(event.at)
    const current = s.current.get(event.applicationId)
    const stale = current !== undefined && atMs < current.at_ms
    s.insertEvent.run(webhookId, event.applicationId, event.status, event.at, atMs, event.message ?? null, JSON.stringify(event), stale ? 1 : 0, Date.now())
    if (stale) return 'stale'
    s.setStatus.run(event.applicationId, event.status, atMs, webhookId)
    s.insertNotice.run(randomUUID(), event.applicationId, notice.channel, notice.userId, notice.text, notice.push ? 1 : 0, notice.dueAt)
    return 'accepted'
  })

  const takeTx = db.transaction((channel: string, userId: string): string[] => {
    const rows = s.inbox.all(channel, userId)
    const now = Date.now()
    for (const row of rows) s.markSentOne.run(now, row.id)
    return rows.map((r) => r.text)
  })

  const claimTx = db.transaction((now: number, limit: number, leaseMs: number): PushNotice[] =>
    s.due.all(now, limit).map((row) => {
      s.claim.run(now + leaseMs, row.id)
      return { id: row.id, applicationId: row.application_id, channel: row.channel, userId: row.user_id, text: row.text, tries: row.tries + 1 }
    }),
  )

  function infoOf(id: string): CaseInfo | undefined {
    const rows = s.events.all(id)
    if (!rows.length) return undefined
    const history: HistoryEntry[] = rows.map((r) => ({ status: r.status, at: r.at, ...(r.message ? { message: r.message } : {}), ...(r.stale ? { stale: true } : {}) }))
    const latest = s.latest.get(id)
    const body = latest ? (JSON.parse(latest.body) as CaseEvent) : undefined
    return {
      caseStatus: latest?.status ?? null,
      ...(body?.status === 'needs_more' ? { needs: body.needs ?? ([] as Need[]) } : {}),
      ...(body?.caseNumber ? { caseNumber: body.caseNumber } : {}),
      history,
    }
  }

  return {
    async accept(webhookId, event, notice) {
      return acceptTx.immediate(webhookId, event, notice)
    },
    async info(ids) {
      const out = new Map<string, CaseInfo>()
      for (const id of ids) {
        const info = infoOf(id)
        if (info) out.set(id, info)
      }
      return out
    },
    async takeInbox(channel, userId) {
      // The common case (nothing waiting) is one indexed read, no write.
      if (!s.inbox.all(channel, userId).length) return []
      return takeTx.immediate(channel, userId)
    },
    async claimDue(now, limit, leaseMs) {
      return claimTx.immediate(now, limit, leaseMs)
    },
    async markSent(id, now) {
      s.markSentOne.run(now, id)
    },
    async markFailed(id, error, retryAt) {
      s.failed.run(retryAt === null ? 'failed' : 'sending', retryAt ?? Date.now(), error.slice(0, 200), id)
    },
    async nextDueAt() {
      return s.nextDue.get()?.t ?? null
    },
  }
}
