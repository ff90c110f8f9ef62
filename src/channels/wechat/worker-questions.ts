// From a forwarded chat history, keep what workers actually asked: no greetings, thanks or stickers.
import { TEXT_ITEM, type ChatHistoryItem } from './chat-history.js'

export interface WorkerQuestion {
  name: string
  text: string
}

const SMALL_TALK = /^(你好|您好|早上好|早|晚上好|下午好|中午好|大家好|在吗|在不在|谢谢|谢谢你|谢谢您|多谢|感谢|好的|好|嗯|嗯嗯|哦|噢|收到|ok|OK|好滴|明白|知道了|哈哈+|再见|辛苦了?)[!！。.~～\s]*$/i
// [微笑] style emoji codes and pictographs, with nothing else.
const STICKER_ONLY = /^(?:\[[^\]]{1,6}\]|\p{Extended_Pictographic}|\s)+$/u
const QUESTION_MARKS = /[?？]|吗|呢|么|怎么|如何|能不能|可不可以|可以|是否|多少|哪里|哪儿|什么|几|有没有|要不要|申请|补贴|保险|社保|工伤|医保|养老|贷款|政策|条件|办理|欠薪|工资|工会|培训|职称|资格|报销|流程|材料/

export function isSmallTalk(text: string): boolean {
  const t = text.trim()
  return t.length === 0 || SMALL_TALK.test(t) || STICKER_ONLY.test(t)
}

export function looksLikeQuestion(text: string): boolean {
  return !isSmallTalk(text) && QUESTION_MARKS.test(text)
}

/**
 * Text items only; one speaker's consecutive messages are read together (people type a question in pieces),
 * and the pieces that make a question are kept, in order (how many to answer is the caller's: forward.ts).
 */
export function pickWorkerQuestions(items: ChatHistoryItem[]): WorkerQuestion[] {
  const turns: WorkerQuestion[] = []
  for (const item of items) {
    if (item.dataType !== TEXT_ITEM || isSmallTalk(item.text)) continue
    const last = turns[turns.length - 1]
    if (last && last.name === item.name) last.text = `${last.text}，${item.text}`
    else turns.push({ name: item.name, text: item.text })
  }
  return turns.filter((t) => looksLikeQuestion(t.text))
}
