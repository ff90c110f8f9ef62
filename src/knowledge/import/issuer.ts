// What the source says of itself, when it says it plainly: the issuing office (the offices signing above the
// date at the end, or a red-letter head "…局文件" at the top) and the 文号 on a line of its own near the top.
// Nothing is guessed beyond that: without one, the importer asks for --issuer.
import { isDateLine, OFFICE_LINE } from './clean.js'

/** How far from the end the signature's date may be, in paragraphs. */
const SIGNATURE_WITHIN = 4
const HEAD_WITHIN = 3
const DOC_NUMBER = /^[\u4e00-\u9fff]{1,12}\s*[〔［[【(（]\s*\d{4}\s*[〕］\]】)）]\s*\d{1,4}\s*号$/

/** From the document's body (its title not included). */
export function findIssuer(paragraphs: string[]): string | undefined {
  for (let d = paragraphs.length - 1; d >= Math.max(0, paragraphs.length - SIGNATURE_WITHIN); d--) {
    if (!isDateLine(paragraphs[d]!)) continue
    const offices: string[] = []
    for (let i = d - 1; i >= 0 && OFFICE_LINE.test(paragraphs[i]!); i--) offices.unshift(paragraphs[i]!)
    if (offices.length) return offices.join('、')
  }
  for (const p of paragraphs.slice(0, HEAD_WITHIN)) {
    const head = /^(.+)文件$/.exec(p)
    if (head && OFFICE_LINE.test(head[1]!)) return head[1]
  }
  return undefined
}

export function findDocNumber(paragraphs: string[]): string | undefined {
  return paragraphs.slice(0, 5).find((p) => DOC_NUMBER.test(p))
}
