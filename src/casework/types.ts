// The office's answers about an application (CONTRACT.md "Case status: the office answers back"): status events
// in, kept with the application as its history, and notices out to the worker on the channel they applied through.
import { z } from 'zod'

export const CASE_STATUSES = ['received', 'needs_more', 'rejected', 'approved', 'completed'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]

const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v), { message: 'must be an ISO-8601 time' })
const text = (max: number) => z.string().trim().min(1).max(max)

export const needSchema = z
  .object({ field: text(64).optional(), document: text(200).optional(), reason: z.string().max(500).optional() })
  .refine((n) => Boolean(n.field) !== Boolean(n.document), { message: 'each item names either a field or a document' })

/** The event body, as the contract lays it out. */
export const caseEventSchema = z.object({
  type: z.literal('application.status', { message: 'must be "application.status"' }),
  applicationId: text(64),
  status: z.enum(CASE_STATUSES, { message: `must be one of ${CASE_STATUSES.join(', ')}` }),
  at: isoDate,
  caseNumber: z.string().max(100).optional(),
  message: z.string().max(2000).optional(),
  needs: z.array(needSchema).max(50).optional(),
  reason: z.string().max(2000).optional(),
})

export type CaseEvent = z.output<typeof caseEventSchema>
export type Need = z.output<typeof needSchema>

/** One entry of an application's history (CONTRACT.md: status, at (the event's), message?). */
export interface HistoryEntry {
  status: CaseStatus
  at: string
  message?: string
  /** Older than the status it arrived after: kept, notified no one. */
  stale?: boolean
}

export interface CaseInfo {
  caseStatus: CaseStatus | null
  /** The latest event's needs when the status is needs_more (what 补正 asks for). */
  needs?: Need[]
  caseNumber?: string
  history: HistoryEntry[]
}

/** A notice to write with the event, when the event moves the status on. */
export interface NoticeDraft {
  channel: string
  userId: string
  text: string
  /** Epoch ms: not before (quiet hours). */
  dueAt: number
  /** Pushed by the notice worker (WeChat) or pulled by the worker's next message (api). */
  push: boolean
}

export type AcceptOutcome = 'accepted' | 'stale' | 'duplicate' | 'unknown_application'

export interface PushNotice {
  id: string
  applicationId: string
  channel: string
  userId: string
  text: string
  tries: number
}

export interface CaseStore {
  /**
   * Records the event under its webhook-id, atomically: the history entry, the new status (unless the event is
   * older than the current one), and its notice. A webhook-id seen before changes nothing.
   */
  accept(webhookId: string, event: CaseEvent, notice: NoticeDraft): Promise<AcceptOutcome>
  info(ids: string[]): Promise<Map<string, CaseInfo>>
  /** The notices waiting for this user's next message on a pull channel, taken (each is shown once). */
  takeInbox(channel: string, userId: string): Promise<string[]>
  /** Push notices due now, leased for leaseMs (one lost to a crash comes back when its lease ends). */
  claimDue(now: number, limit: number, leaseMs: number): Promise<PushNotice[]>
  markSent(id: string, now: number): Promise<void>
  /** Back to waiting until `retryAt` (or given up when null). */
  markFailed(id: string, error: string, retryAt: number | null): Promise<void>
  nextDueAt(): Promise<number | null>
}
