// What a message asks the engine. Union staff forward workers' words: a quote, a merged chat history or
// pasted text. A quoted worker's question is answered as that worker's; a history yields one ask per question.
import { maskText } from '../../privacy/mask.js'
import { parseChatHistory } from './chat-history.js'
import { parseQuote } from './quote.js'
import { pickWorkerQuestions } from './worker-questions.js'

export interface Ask {
  text: string
  /** The worker who asked, when the question is forwarded: the reply is prefixed with it. */
  askedBy?: string
  /** A forwarded question runs on its own conversation, away from the forwarder's form in progress. */
  forwarded: boolean
}

// "帮忙回答", "看看这个", "请解答一下", "?": the staff's words only point at the quote.
const POINTER_ONLY = /^(请|麻烦|帮忙|帮我|帮|你)*(回答|解答|答复|回复|看看|看一下|看下|瞧瞧|解释|说说|问问|answer)?(一下|下)?(这个|这条|这句|他|她|他们|她们|吧|呢)*(的问题)?$/i
const PUNCTUATION = /[\s\p{P}\p{S}]/gu

export function pointsAtQuoteOnly(ownText: string): boolean {
  const bare = ownText.replace(PUNCTUATION, '')
  return bare.length <= 12 && POINTER_ONLY.test(bare)
}

/**
 * What tells the sender's own business from someone else's: their name (quoting oneself: 电话写错了，改成…), and
 * whether their words are a command that acts alone (删除我的信息, 取消 under any quote are theirs).
 */
export interface QuoteSender {
  name?: string
  standsAlone?: (text: string) => boolean
}

export function asksFromQuote(text: string, botNames: string[], sender: QuoteSender = {}): Ask[] | null {
  const quote = parseQuote(text)
  if (!quote) return null
  const quotingBot = botNames.includes(quote.quotedName)
  // Replying to the assistant's own message: the new words are the user's answer (a form field, a follow-up).
  if (quotingBot) return [{ text: quote.ownText || quote.quotedText, forwarded: false }]
  // Quoting oneself, or a command of one's own under any quote: the sender's own conversation.
  const quotingSelf = Boolean(sender.name) && quote.quotedName === sender.name
  if (quote.ownText && (quotingSelf || sender.standsAlone?.(quote.ownText))) return [{ text: quote.ownText, forwarded: false }]
  if (pointsAtQuoteOnly(quote.ownText)) {
    return [{ text: quote.quotedText, askedBy: quote.quotedName || undefined, forwarded: true }]
  }
  // The sender's own question about someone else's words ("他能交工伤保险吗"): about that person, so it runs
  // beside the sender's own conversation too, never as an answer to their form. The quoted words come first, as
  // context, so the question is what the message ends with (what tells a question from a request to apply).
  const context = `（引用${quote.quotedName ? ` ${quote.quotedName} ` : ''}的话：${quote.quotedText}）`
  return [{ text: `${context}\n${quote.ownText}`, forwarded: true }]
}

/** The questions of a chat history, at most `maxQuestions` of them, and how many more it held. */
export function asksFromChatHistory(xml: string, maxQuestions = 5): { asks: Ask[]; skipped: number } {
  const questions = pickWorkerQuestions(parseChatHistory(xml).items)
  const asks = questions.slice(0, maxQuestions).map((q) => ({ text: q.text, askedBy: q.name || undefined, forwarded: true }))
  return { asks, skipped: questions.length - asks.length }
}

/** The prefix that tells the forwarder which worker's question an answer is for. */
export function askedByPrefix(ask: Ask): string {
  if (!ask.askedBy) return ''
  // Masked before it is cut, so a number cut in two is never shown in part.
  const masked = maskText(ask.text)
  const question = masked.length > 40 ? `${masked.slice(0, 40)}…` : masked
  return `「${ask.askedBy}问：${question}」\n`
}
