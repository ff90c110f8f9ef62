// What the assistant says to a batch of one chat's messages: asks go to the engine, other kinds get a note.
import { FORWARDED_SUFFIX, type ConversationEngine, type InboundMessage } from '../../conversation/types.js'
import type { Logger } from '../../logger.js'
import type { Transcriber } from '../transcribe.js'
import { askedByPrefix, asksFromChatHistory, asksFromQuote, type Ask } from './forward.js'
import type { Inbound } from './inbound.js'
import { ASK_TO_TYPE, ENGINE_FAILED, TRANSCRIBE_FAILED, mediaReply } from './media-replies.js'

export interface RespondDeps {
  engine: ConversationEngine
  logger: Logger
  transcriber?: Transcriber
  maxForwardedQuestions: number
}

const moreInHistory = (skipped: number, answered: number) =>
  `这段聊天记录里还有${skipped}个问题我没有回答（一次最多回答${answered}个），可以把它们单独转发或引用给我。`
const NO_QUESTION_IN_HISTORY = '这段聊天记录里我没找到需要回答的政策问题。可以把问题直接发给我，或引用那条消息让我回答。'

/** One reply text for a burst of messages (they share kind: a burst of text, or a single other message). */
export async function respond(items: Inbound[], deps: RespondDeps): Promise<string> {
  const first = items[0]
  switch (first.kind) {
    case 'text':
      return answer(first, joinBurst(items, deps.engine), deps)
    case 'quote': {
      const sender = { name: first.displayName, standsAlone: deps.engine.standsAlone?.bind(deps.engine) }
      return answer(first, asksFromQuote(first.text, first.botNames, sender) ?? [{ text: first.text, forwarded: false }], deps)
    }
    case 'history': {
      const { asks, skipped } = asksFromChatHistory(first.text, deps.maxForwardedQuestions)
      if (asks.length === 0) return NO_QUESTION_IN_HISTORY
      const answers = await answer(first, asks, deps)
      return skipped > 0 ? `${answers}\n\n${moreInHistory(skipped, asks.length)}` : answers
    }
    case 'voice':
      return voice(first, deps)
    default:
      return mediaReply(first.type, Boolean(deps.transcriber))
  }
}

/**
 * Quick successive messages are read as one question (我是骑手 / 能交工伤保险吗), except a command: 取消 after a
 * question, or a question after 我想申请…, is its own turn, in order, or it would be lost in the joined text.
 */
function joinBurst(items: Inbound[], engine: ConversationEngine): Ask[] {
  const asks: Ask[] = []
  let joinable = false
  for (const item of items) {
    const alone = engine.standsAlone?.(item.text) ?? false
    if (joinable && !alone) asks[asks.length - 1].text += `\n${item.text}`
    else asks.push({ text: item.text, forwarded: false })
    joinable = !alone
  }
  return asks
}

async function voice(item: Inbound, deps: RespondDeps): Promise<string> {
  if (!deps.transcriber) return ASK_TO_TYPE
  let heard: string
  try {
    const file = await item.message.toFileBox()
    heard = await deps.transcriber.transcribe({ data: await file.toBuffer(), name: file.name || 'voice.silk', mimeType: file.mediaType })
  } catch (error) {
    deps.logger.warn({ err: error }, 'wechat: transcription failed')
    return TRANSCRIBE_FAILED
  }
  if (!heard) return TRANSCRIBE_FAILED
  return `🎤 听到：${heard}\n\n${await answer(item, [{ text: heard, forwarded: false }], deps)}`
}

async function answer(item: Inbound, asks: Ask[], deps: RespondDeps): Promise<string> {
  const texts: string[] = []
  for (const ask of asks) {
    const message: InboundMessage = {
      channel: 'wechat',
      userId: item.userId,
      // A forwarded question never touches the forwarder's own conversation (a form they are filling in).
      conversationId: ask.forwarded ? `${item.conversationId}${FORWARDED_SUFFIX}` : item.conversationId,
      text: ask.text,
      inGroup: item.inGroup,
      forwarded: ask.forwarded,
      displayName: item.displayName,
    }
    try {
      const reply = await deps.engine.handle(message)
      texts.push(askedByPrefix(ask) + reply.replies.join('\n\n'))
    } catch (error) {
      deps.logger.error({ err: error, conversationId: message.conversationId }, 'wechat: engine failed')
      texts.push(askedByPrefix(ask) + ENGINE_FAILED)
    }
  }
  return texts.join('\n\n')
}
