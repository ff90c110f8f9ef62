// WeChat shows Markdown as literal symbols: turn a reply into plain text before sending.
import { MASKED_NUMBER } from '../../privacy/mask.js'

// A masked ID or phone number (138****8000, 110***********002X) is not Markdown: it is set aside while the
// markup is stripped, or its stars would go and leave a number that looks wrong (1388000).
const SET_ASIDE = /\uE000(\d+)\uE001/g

export function toPlainText(text: string): string {
  const masked: string[] = []
  return stripMarkup(text.replace(MASKED_NUMBER, (number) => `\uE000${masked.push(number) - 1}\uE001`)).replace(SET_ASIDE, (_, i: string) => masked[Number(i)])
}

function stripMarkup(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/__(.+?)__/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, '$1 $2')
    .replace(/^[ \t]*#{1,6}[ \t]+/gm, '')
    .replace(/^([ \t]*)[*+-][ \t]+/gm, '$1• ')
    .replace(/\*\*/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
