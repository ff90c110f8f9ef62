// The conversation engine's contract with every channel (WeChat, HTTP, console, terminal).

export type Channel = 'wechat' | 'api' | 'console' | 'terminal'

export interface InboundMessage {
  channel: Channel
  /** Who is talking (a WeChat contact id, the API's userId). */
  userId: string
  /** The session key; defaults to `${channel}:${userId}`. A group member's is `${roomId}:${userId}`. */
  conversationId?: string
  text: string
  /** True in a group chat: personal data is never collected there. */
  inGroup?: boolean
  /**
   * Someone else's words passed on (a quoted or merged-history message a union staff member forwards): answered,
   * but no application or eligibility check is started on them, since only the person themself can consent.
   */
  forwarded?: boolean
  /** The sender's display name, when the channel knows it. */
  displayName?: string
  /**
   * The client's id for this message. A message sent again with the same id as the conversation's last
   * (a retry after a lost reply) gets the same reply, and is not handled twice.
   */
  messageId?: string
}

export interface EngineReply {
  replies: string[]
  /** The field id the assistant is now asking for, or null. */
  awaiting: string | null
  /** The form in progress, or null. */
  form: string | null
  /** Set on the turn an application is submitted (and on a repeated 确认, to the same number). */
  applicationId: string | null
}

export interface ConversationEngine {
  handle(message: InboundMessage): Promise<EngineReply>
  /**
   * A message that acts on its own (取消, 确认, a request to apply, to delete one's data, to start over, to see
   * one's applications): a channel that joins quick successive messages into one question keeps it apart.
   */
  standsAlone?(text: string): boolean
}

/** The conversation a channel keeps for the questions a user forwards: `${key}:fwd` beside the user's own. */
export const FORWARDED_SUFFIX = ':fwd'
