// The official APIs take at most 2048 bytes of UTF-8 per text message (45002 beyond). A long answer is cut at
// paragraph, then sentence, boundaries into labelled parts, each within the limit; a 来源 line stays with the
// text before it where it fits.
export const MAX_TEXT_BYTES = 2048

const bytes = (s: string) => Buffer.byteLength(s, 'utf8')
/** Room for the "(12/12) " label. */
const LABEL_BYTES = 8

export function splitByBytes(text: string, maxBytes = MAX_TEXT_BYTES): string[] {
  const trimmed = text.trim()
  if (!trimmed) return []
  if (bytes(trimmed) <= maxBytes) return [trimmed]
  const limit = maxBytes - LABEL_BYTES
  const parts: string[] = []
  let current = ''
  for (const piece of pieces(trimmed, limit)) {
    const joined = current ? `${current}${piece.joiner}${piece.text}` : piece.text
    if (bytes(joined) <= limit) current = joined
    else {
      if (current) parts.push(current)
      current = piece.text
    }
  }
  if (current) parts.push(current)
  return parts.map((part, i) => `(${i + 1}/${parts.length}) ${part}`)
}

interface Piece {
  text: string
  /** What joins it to the piece before when both share a message. */
  joiner: string
}

/** Paragraphs; a paragraph over the limit as sentences; a sentence over it cut on character boundaries. */
function pieces(text: string, limit: number): Piece[] {
  const out: Piece[] = []
  for (const paragraph of text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) {
    if (bytes(paragraph) <= limit) {
      out.push({ text: paragraph, joiner: '\n\n' })
      continue
    }
    const sentences = paragraph.match(/[^。！？!?；;\n]*(?:[。！？!?；;]+|\n|$)/g)?.filter((s) => s.trim()) ?? [paragraph]
    sentences.forEach((sentence, i) => {
      for (const [j, chunk] of hardCut(sentence.trim(), limit).entries()) out.push({ text: chunk, joiner: i === 0 && j === 0 ? '\n\n' : '' })
    })
  }
  return out
}

function hardCut(sentence: string, limit: number): string[] {
  if (bytes(sentence) <= limit) return [sentence]
  const out: string[] = []
  let current = ''
  for (const char of sentence) {
    if (bytes(current + char) > limit) {
      out.push(current)
      current = ''
    }
    current += char
  }
  if (current) out.push(current)
  return out
}

/** Said at the end of a text cut short to the parts a platform allows (微信客服: 5 after a customer's message). */
export const CUT_SHORT = '（内容较多，没有发完。请挑其中一项再问我，我单独回答。）'

/** As splitByBytes, in at most `maxParts` parts: beyond them, the text is cut short and the last part says so. */
export function splitWithin(text: string, maxParts: number, maxBytes = MAX_TEXT_BYTES): string[] {
  const parts = splitByBytes(text, maxBytes)
  if (parts.length <= maxParts) return parts
  if (maxParts <= 0) return []
  // Cut again with room left for the note in every part, then label the kept ones out of their own number.
  const kept = splitByBytes(text, maxBytes - bytes(CUT_SHORT) - 2)
    .slice(0, maxParts)
    .map((part) => part.replace(/^\(\d+\/\d+\) /, ''))
  kept[kept.length - 1] += `\n\n${CUT_SHORT}`
  return kept.length === 1 ? kept : kept.map((part, i) => `(${i + 1}/${kept.length}) ${part}`)
}
