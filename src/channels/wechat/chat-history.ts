// A merged chat-history forward (合并转发): Wechaty 1.20 hands over the raw XML. Read who said what.
import { attribute, elementText, innerText, unescapeXml } from './xml-text.js'

export interface ChatHistoryItem {
  name: string
  text: string
  /** WeChat's datatype: 1 text, 2 image, 4 voice, 5 video, 6 link, 8 file, 17 nested history. */
  dataType: number
}

export interface ChatHistory {
  title: string
  items: ChatHistoryItem[]
}

export const TEXT_ITEM = 1
// Only a guard against a pathological payload: a long history's questions at the end must still be read.
const DEFAULT_MAX_ITEMS = 300

export function parseChatHistory(raw: string, maxItems = DEFAULT_MAX_ITEMS): ChatHistory {
  // Some puppets hand over the whole message entity-escaped.
  const xml = !raw.includes('<msg') && raw.includes('&lt;') ? unescapeXml(raw) : raw
  const title = (elementText(xml, 'title') ?? '').trim()
  const items = dataItems(xml, maxItems)
  if (items.length > 0) return { title, items }
  return { title, items: desLines(elementText(xml, 'des') ?? '', maxItems) }
}

function dataItems(xml: string, maxItems: number): ChatHistoryItem[] {
  const recordItem = /<recorditem>([\s\S]*?)<\/recorditem>/.exec(xml)
  // recordinfo is escaped once inside recorditem (or wrapped in CDATA); nested histories stay escaped.
  const record = recordItem ? innerText(recordItem[1]) : xml
  const items: ChatHistoryItem[] = []
  for (const match of record.matchAll(/<dataitem\b[^>]*>[\s\S]*?<\/dataitem>/g)) {
    const block = match[0]
    const dataType = Number(attribute(block, 'datatype') ?? '0')
    const name = (elementText(block, 'sourcename') ?? '').trim()
    const text = (elementText(block, 'datadesc') ?? '').trim()
    items.push({ name, text, dataType })
    if (items.length >= maxItems) break
  }
  return items
}

/** <des> is a preview: one "名字: 文本" line per message. */
function desLines(des: string, maxItems: number): ChatHistoryItem[] {
  const items: ChatHistoryItem[] = []
  for (const line of des.split(/\r?\n/)) {
    const match = /^([^:：]{1,40})[:：]\s*(.+)$/.exec(line.trim())
    if (!match) continue
    items.push({ name: match[1].trim(), text: match[2].trim(), dataType: TEXT_ITEM })
    if (items.length >= maxItems) break
  }
  return items
}
