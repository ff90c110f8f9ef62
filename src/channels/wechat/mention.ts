// In a group the assistant speaks only when spoken to: an @-mention of it (never @所有人), or its name typed.
import { parseQuote } from './quote.js'

export interface MentionFacts {
  /** msg.mentionSelf(): the puppet's mention list holds the bot (true for @所有人 on some puppets). */
  mentionSelf: boolean
  text: string
  /** The bot's own name and its alias in this room. */
  botNames: string[]
}

const AT_ALL = /@(所有人|all|everyone)(?=[\s\u2005]|$)/i

export function mentionsAll(text: string): boolean {
  return AT_ALL.test(text)
}

export function isAddressedToBot({ mentionSelf, text: whole, botNames }: MentionFacts): boolean {
  const names = botNames.filter(Boolean)
  // A quoted message's words are someone else's: an @ of the assistant inside them was not made now.
  const text = parseQuote(whole)?.ownText ?? whole
  // (An @ typed by hand may run straight into the question, @政策助手请问…: no boundary is required after the name.)
  const typedAt = names.some((name) => text.includes(`@${name}`))
  if (typedAt) return true
  if (mentionsAll(text)) return false
  if (mentionSelf) return true
  // "政策助手，请问…": the name typed at the start without an @.
  return names.some((name) => new RegExp(`^${escapeRegExp(name)}[\\s\\u2005,，:：]`).test(text.trim()))
}

/** The question without the @names, the bot's name or the \u2005 separators. */
export function stripMentions(text: string, botNames: string[]): string {
  let out = text.replace(/\u2005/g, ' ')
  for (const name of botNames.filter(Boolean)) {
    out = out.replace(new RegExp(`@?${escapeRegExp(name)}[\\s,，:：]*`, 'g'), ' ')
  }
  return out.replace(/\s+/g, ' ').trim()
}

export function roomAllowed(allowList: string[], room: { id: string; topic: string }): boolean {
  return allowList.length === 0 || allowList.includes(room.id) || allowList.includes(room.topic)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
