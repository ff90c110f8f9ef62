// From a Wechaty message to what the channel works on: who, which conversation, what text, or nothing
// (ignored: hygiene rules, a group message not addressed to the assistant, a room outside WECHAT_ROOMS).
import { types, type Message, type Wechaty } from 'wechaty'
import { ignoreReason } from './inbound-filter.js'
import { isAddressedToBot, roomAllowed, stripMentions } from './mention.js'
import { parseQuote } from './quote.js'

export type InboundKind = 'text' | 'quote' | 'history' | 'voice' | 'other'

export interface Inbound {
  message: Message
  kind: InboundKind
  type: number
  text: string
  userId: string
  displayName: string
  conversationId: string
  inGroup: boolean
  botNames: string[]
}

export type Classified = { inbound: Inbound } | { ignored: string }

export async function classify(wechaty: Wechaty, message: Message, rooms: string[], maxAgeSeconds: number): Promise<Classified> {
  const talker = message.talker()
  const type = message.type()
  const reason = ignoreReason(
    { self: message.self(), talkerId: talker.id, talkerName: talker.name(), type, text: message.text(), ageSeconds: message.age() },
    maxAgeSeconds,
  )
  if (reason) return { ignored: reason }

  const room = message.room()
  const botName = safeBotName(wechaty)
  if (!room) {
    const text = message.text()
    return {
      inbound: {
        message, type, text, kind: kindOf(type, text), userId: talker.id, displayName: talker.name(),
        conversationId: `wechat:${talker.id}`, inGroup: false, botNames: [botName].filter(Boolean),
      },
    }
  }

  const topic = await room.topic()
  if (!roomAllowed(rooms, { id: room.id, topic })) return { ignored: 'room not in WECHAT_ROOMS' }
  // Only text can carry an @-mention; voice, images and forwards in a group are not addressed to us.
  if (type !== types.Message.Text) return { ignored: 'group message that is not text' }
  const aliasInRoom = await roomAliasOfBot(wechaty, room)
  const botNames = [botName, aliasInRoom].filter((n): n is string => Boolean(n))
  const raw = message.text()
  if (!isAddressedToBot({ mentionSelf: await message.mentionSelf(), text: raw, botNames })) return { ignored: 'group message without a mention' }
  const text = stripMentions(await message.mentionText(), botNames)
  const displayName = (await room.alias(talker)) || talker.name()
  return {
    inbound: {
      message, type, text, kind: kindOf(type, text), userId: talker.id, displayName,
      conversationId: `${room.id}:${talker.id}`, inGroup: true, botNames,
    },
  }
}

function kindOf(type: number, text: string): InboundKind {
  if (type === types.Message.Text) return parseQuote(text) ? 'quote' : 'text'
  if (type === types.Message.ChatHistory) return 'history'
  if (type === types.Message.Audio) return 'voice'
  return 'other'
}

function safeBotName(wechaty: Wechaty): string {
  try {
    return wechaty.currentUser.name()
  } catch {
    return ''
  }
}

async function roomAliasOfBot(wechaty: Wechaty, room: NonNullable<ReturnType<Message['room']>>): Promise<string | undefined> {
  try {
    return await room.alias(wechaty.currentUser)
  } catch {
    return undefined
  }
}
