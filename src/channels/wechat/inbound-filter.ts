// Messages the assistant never answers: its own, official accounts, WeChat's system sender and notices,
// the web protocol's placeholders, and the backlog replayed after a restart.
import { types } from 'wechaty'

export interface InboundFacts {
  self: boolean
  talkerId: string
  talkerName: string
  type: number
  text: string
  ageSeconds: number
}

const SYSTEM_SENDERS = new Set(['微信团队', 'weixin', 'filehelper', 'newsapp', 'fmessage'])
const PLACEHOLDERS = [/^收到红包，请在手机上查看$/, /^收到一条(视频|语音)?(\/语音)?聊天消息，请在手机上查看$/, /请在手机上查看\]?$/]
// System is 18 on newer puppets (absent from this wechaty-puppet's enum); Unknown carries notices too.
const SYSTEM_MESSAGE_TYPE = 18
const NOT_FOR_US = new Set<number>([
  SYSTEM_MESSAGE_TYPE,
  types.Message.Unknown,
  types.Message.Recalled,
  types.Message.GroupNote,
  types.Message.RedEnvelope,
  types.Message.Transfer,
])

/** Why the message is ignored, or null when it should be handled. */
export function ignoreReason(facts: InboundFacts, maxAgeSeconds: number): string | null {
  if (facts.self) return 'self'
  if (facts.talkerId.startsWith('gh_')) return 'official account'
  if (SYSTEM_SENDERS.has(facts.talkerId) || SYSTEM_SENDERS.has(facts.talkerName)) return 'system sender'
  if (NOT_FOR_US.has(facts.type)) return 'system message'
  if (facts.ageSeconds > maxAgeSeconds) return 'too old'
  const text = facts.text.trim()
  if (facts.type === types.Message.Text && PLACEHOLDERS.some((p) => p.test(text))) return 'placeholder'
  return null
}
