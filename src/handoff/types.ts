// The hand-off's data and the store contract. SQLite implements it today (sqlite-outbox.ts); a Redis/BullMQ
// store can implement the same interface later, so the worker, routes and CLI never know which one runs.
import type { Channel } from '../conversation/types.js'

/** What the engine hands over when a user confirms a form. The id is fixed per form instance. */
export interface ApplicationRecord {
  id: string
  form: string
  channel: Channel | string
  userId: string
  /** Normalised field values (CONTRACT.md): this exact object goes into the webhook body. */
  fields: Record<string, unknown>
  eligibility: unknown[]
  policyVersion: string
  /** ISO-8601. */
  submittedAt: string
  /**
   * Set on a 补正 re-submission (CONTRACT.md "Case status"): an outbox entry of its own, whose id is its new
   * webhook-id, sent as `application.resubmitted` for application `of` (submittedAt is its resubmittedAt). Stores
   * keep these out of their lists; writing one also sets `of`'s fields to these.
   */
  resubmission?: { of: string; changed: string[] }
}

/** 'delivering' = claimed by a worker; a claim is a lease, so one lost to a crash becomes due again. */
export type DeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'dead'

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivering', 'delivered', 'dead']

export interface DeliveryState {
  status: DeliveryStatus
  /** Every attempt ever made (operator retries do not reset it). */
  tries: number
  lastError: string | null
  /** HTTP status of the last answer, if there was one. */
  lastStatusCode: number | null
  /** ISO; null once delivered or dead. */
  nextAttemptAt: string | null
  deliveredAt: string | null
  /** Set when the personal fields were replaced by masked values (删除我的信息). */
  redactedAt: string | null
}

export type StoredApplication = ApplicationRecord & DeliveryState

export interface SubmitResult {
  application: StoredApplication
  /** False when an application with this id already existed: nothing new was written. */
  created: boolean
}

export interface SubmitOptions {
  /**
   * Runs inside the same transaction as the write (SQLite: synchronous, throw to roll everything back),
   * e.g. the engine marking its form instance as submitted. Called on repeats too, with created = false.
   */
  inTransaction?: (created: boolean) => void
}

export interface ListOptions {
  status?: DeliveryStatus
  /** Newest first; default 50. */
  limit?: number
}

export type RetryOutcome = 'scheduled' | 'not_found' | 'already_delivered' | 'in_flight'

/** One delivery handed to a worker: the record and how many tries this round (since the last operator reset). */
export interface ClaimedDelivery {
  application: ApplicationRecord
  /** Tries in the current round, this one included: drives the schedule and the dead-letter decision. */
  roundTries: number
}

export interface FailureUpdate {
  error: string
  statusCode: number | null
  /** Epoch ms of the next try, or null to move the application to dead. */
  nextAttemptAt: number | null
}

export interface RedactionResult {
  /** Delivered applications whose personal fields were masked now. */
  redacted: number
  /** Not yet delivered: still owed to the backend, so masked right after they are delivered. */
  redactOnDelivery: number
}

export interface ApplicationStore {
  /** Writes the application and its delivery record atomically; idempotent on id. */
  submit(record: ApplicationRecord, options?: SubmitOptions): Promise<SubmitResult>
  get(id: string): Promise<StoredApplication | undefined>
  list(options?: ListOptions): Promise<StoredApplication[]>
  countByStatus(): Promise<Record<DeliveryStatus, number>>
  /** An operator's retry: due now, with a fresh schedule. */
  retry(id: string): Promise<RetryOutcome>
  /** Every dead application back to pending, due now; returns how many. */
  replayDead(): Promise<number>
  /** What this user submitted, with delivery status (for 我的信息 / 删除我的信息). */
  forUser(userId: string): Promise<StoredApplication[]>
  /** Applications (newest first) whose phone is these 11 digits, or ends in these 4 (GET /api/applications?q=). */
  findByPhone(digits: string, limit: number): Promise<StoredApplication[]>
  redactDelivered(userId: string): Promise<RedactionResult>

  // The worker's side.
  /** Claims up to `limit` due deliveries for `leaseMs` (never one already claimed and unexpired). */
  claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>
  markDelivered(id: string, statusCode: number, now: number): Promise<void>
  markFailed(id: string, update: FailureUpdate, now: number): Promise<void>
  /** Epoch ms of the earliest pending or leased delivery, or null when none is owed. */
  nextDueAt(): Promise<number | null>
}
