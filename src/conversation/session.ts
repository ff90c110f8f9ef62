// A conversation's state, as stored. `v` is the schema version: a later release migrates older sessions
// in migrateSession() instead of losing them.
import type { Profile } from '../eligibility/index.js'
import type { ParseMeta } from '../intake/index.js'
import type { EngineReply } from './types.js'

export const SESSION_SCHEMA_VERSION = 1

/** The form step that is not a field: the summary waiting for 确认, or "go on although ineligible?". */
export const CONFIRM_STEP = 'confirm'
export const PROCEED_STEP = 'proceed'

export interface FormState {
  formId: string
  /** Fixed when the form starts: a repeated 确认 or a crash between steps can never make a second application. */
  applicationId: string
  values: Record<string, unknown>
  meta: Record<string, ParseMeta | undefined>
  /** A field id, CONFIRM_STEP or PROCEED_STEP. */
  awaiting: string
  /** Invalid answers in a row to the current question. */
  misses: number
  consent?: { at: string; noticeVersion: string }
  /** Profile facts this form put in from its `implies` (removed again if the form is discarded). */
  implied?: string[]
  /** Set once the user chose to go on despite an ineligible pre-check (not asked again). */
  proceedDespiteIneligible?: boolean
  /** Another form asked for while this one holds answers: switched only once the user says yes. */
  switchTo?: string
  startedAt: string
  updatedAt: string
}

export interface GuidedCheckState {
  awaiting: string
  /** 'core' (absent): the few facts most results hang on, then the summary; 'refine': every deciding fact (继续). */
  stage?: 'core' | 'refine'
  skipped: string[]
  asked: number
  misses: number
  startedAt: string
  updatedAt: string
}

export interface SubmittedRef {
  applicationId: string
  formId: string
  at: string
}

/** 补正 (issue 24): after the office's needs_more, the listed fields collected again, then re-submitted. */
export interface AmendState {
  applicationId: string
  formId: string
  /** The needs_more event this answers (its \`at\`): one event opens it once. */
  eventAt: string
  /** The form's field ids the office asked for, in its order. */
  fields: string[]
  /** The application's current fields, as sent (normalised), then the new values over them. */
  base: Record<string, unknown>
  values: Record<string, unknown>
  meta: Record<string, ParseMeta | undefined>
  /** A field id or CONFIRM_STEP. */
  awaiting: string
  /** The re-submission's outbox id and webhook-id: fixed when 补正 opens, so a repeated 确认 sends one. */
  entryId: string
  misses: number
  updatedAt: string
}

export interface Session {
  v: typeof SESSION_SCHEMA_VERSION
  userId: string
  channel: string
  /** Facts learnt about the worker (from forms and the guided check), for eligibility. Personal data. */
  profile: Profile
  form?: FormState
  guided?: GuidedCheckState
  /** The last eligibility summary shown, its programmes in their numbered order: 3 or 申请3 names one. */
  checkShown?: { ids: string[]; at: string }
  /** The form last offered after an answer (回复“申请”开始): a bare 申请 starts it. */
  offered?: { formId: string; at: string }
  submitted: SubmittedRef[]
  /** 补正 in progress. */
  amend?: AmendState
  /** needs_more events already answered (re-submitted or 取消): \`<applicationId>@<at>\`. */
  amendsDone?: string[]
  /** The reply to the last message that came with a messageId and changed the session: what a retry gets. */
  lastReply?: { messageId: string; reply: EngineReply }
  createdAt: string
  updatedAt: string
}

export function newSession(userId: string, channel: string, now: string): Session {
  return { v: SESSION_SCHEMA_VERSION, userId, channel, profile: {}, submitted: [], createdAt: now, updatedAt: now }
}

/** Reads a stored session of any known version; throws on one it cannot read (never silently drops it). */
export function migrateSession(raw: unknown): Session {
  const s = raw as Partial<Session> | null
  if (!s || typeof s !== 'object') throw new Error('session: not an object')
  if (s.v === SESSION_SCHEMA_VERSION) return s as Session
  throw new Error(`session: unknown schema version ${String(s.v)}`)
}
