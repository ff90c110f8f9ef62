// A quoted reply (引用) arrives as plain text: 「名字：原文」, a dashed line, then what the sender adds.
// Union staff quote a worker's message to ask the assistant about it.

export interface QuotedMessage {
  quotedName: string
  quotedText: string
  ownText: string
}

// The separator is "- - - - …" on phones; other clients send "------", "——————" or full-width dashes.
const SEPARATOR = /\n[ \t\u3000]*(?:[-－—–─][ \t\u3000]*){6,}(?:\n|$)/
const OPEN_QUOTES = /^[「“"『]/
const CLOSE_QUOTES = /[」”"』]$/
// The first colon after a short name splits name from text; names never hold a line break.
const NAME_AND_TEXT = /^([^\n：:]{1,40}?)[：:]\s*([\s\S]*)$/

export function parseQuote(text: string): QuotedMessage | null {
  const match = SEPARATOR.exec(text)
  if (!match) return null
  const quoted = text.slice(0, match.index).trim().replace(OPEN_QUOTES, '').replace(CLOSE_QUOTES, '').trim()
  const ownText = text.slice(match.index + match[0].length).trim()
  if (!quoted) return null
  const named = NAME_AND_TEXT.exec(quoted)
  if (named) return { quotedName: named[1].trim(), quotedText: named[2].trim(), ownText }
  return { quotedName: '', quotedText: quoted, ownText }
}
