// What one handled message carries through the engine's flows.
import type { Answerer } from '../answer/answerer.js'
import type { FollowUps, Topic } from '../answer/follow-up.js'
import type { TopicStore } from './topic-store.js'
import type { EligibilityKnowledge } from '../eligibility/index.js'
import type { Form } from '../intake/index.js'
import type { ApplicationStore } from '../handoff/types.js'
import type { Logger } from '../logger.js'
import type { IntentMatcher } from './intents.js'
import type { Session } from './session.js'
import type { InboundMessage } from './types.js'

/** The office's answers about one application, as the engine reads them (src/casework's CaseInfo). */
export interface CaseSummary {
  caseStatus: string | null
  needs?: Array<{ field?: string; document?: string; reason?: string }>
  history: Array<{ status: string; at: string; message?: string; stale?: boolean }>
}

export interface EngineDeps {
  forms: Form[]
  intents: IntentMatcher
  answerer: Answerer
  /** Reads an elliptical follow-up (网约车呢, 要什么材料) against the conversation's topic. */
  followUps?: FollowUps
  /**
   * The office's notices waiting for the sender (casework's inbox, for pull channels), taken once: called only for
   * conversations that have submitted an application. Never throws: a failure leaves them for the next message.
   */
  takeNotices?: (message: InboundMessage) => Promise<string[]>
  /** Each conversation's topic, beside its session (both or neither with followUps). */
  topics?: TopicStore
  eligibility: EligibilityKnowledge
  applications: ApplicationStore
  /** The office's answers about applications (src/casework), for 查询进度. */
  caseInfo?: (ids: string[]) => Promise<Map<string, CaseSummary>>
  /** False when no HANDOFF_WEBHOOK_URL is set: applications are kept, and the worker told they are not sent yet. */
  handoffConfigured?: boolean
  /** Called after an application is stored (the delivery worker's wake()). */
  onSubmitted?: (applicationId: string) => void
  /** What was in force when an application is submitted (the webhook's policyVersion). */
  policyVersion: () => string
  /** Where the document is silent: the human-resources office (REFERRAL_TEXT). */
  referral: string
  /** A form untouched this long is dropped with a notice. */
  formExpiryMs: number
  /** Back after this long: the form resumes with a welcome-back line. */
  resumeNoticeMs?: number
  logger?: Logger
  now?: () => Date
  /**
   * Optional help in forms (LLM mode): proposes raw values for fields the parsers could not read. The
   * deterministic parsers and validators still decide; ID and phone numbers are never offered.
   */
  formAssist?: (fields: Array<{ id: string; label: string; sensitive?: 'id' | 'phone' }>, text: string) => Promise<Record<string, string>>
  /** Observers for metrics (form starts and completions). */
  events?: { formStarted?(formId: string): void; formCompleted?(formId: string): void }
}

export interface Turn {
  message: InboundMessage
  session: Session
  replies: string[]
  applicationId: string | null
  now: Date
  /** YYYY-MM-DD in China, for dates and eligibility. */
  today: string
  /** The conversation's topic (answer/follow-up.ts), read for turns with no form open. */
  topic?: Topic
  /** True once the topic was read for this turn (it may have none). */
  topicRead?: boolean
  /** Set when the session was deleted during this turn: it must not be written back. */
  deleted?: boolean
}

export function say(turn: Turn, ...lines: string[]): void {
  const text = lines.filter(Boolean).join('\n')
  if (text) turn.replies.push(text)
}
