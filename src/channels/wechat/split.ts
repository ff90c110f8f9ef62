// Long replies go out as a few labelled parts, cut on paragraph then sentence boundaries, each citation
// (来源 line) kept with the paragraph it supports.
import { toPlainText } from './plain-text.js'

export interface SplitOptions {
  maxChars?: number
  maxParts?: number
}

const SOURCE_LINE = /^[【\[（(]?(来源|出处|依据)[:：]/

export function splitReply(text: string, { maxChars = 500, maxParts = 5 }: SplitOptions = {}): string[] {
  const plain = toPlainText(text)
  if (!plain) return []
  const blocks = paragraphs(plain)
  let limit = maxChars
  let parts = pack(blocks, limit)
  // Too many parts: make them longer rather than drop content.
  while (parts.length > maxParts) {
    limit = Math.ceil(limit * 1.25)
    parts = pack(blocks, limit)
  }
  if (parts.length === 1) return parts
  return parts.map((part, i) => `(${i + 1}/${parts.length}) ${part}`)
}

/** Paragraphs, with a 来源 paragraph glued to the one before it. */
function paragraphs(text: string): string[] {
  const out: string[] = []
  for (const para of text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) {
    if (SOURCE_LINE.test(para) && out.length > 0) out[out.length - 1] += `\n\n${para}`
    else out.push(para)
  }
  return out
}

function pack(blocks: string[], limit: number): string[] {
  const parts: string[] = []
  let current = ''
  const flush = () => {
    if (current) parts.push(current)
    current = ''
  }
  for (const block of blocks) {
    const pieces = block.length > limit ? cutLong(block, limit) : [block]
    for (const piece of pieces) {
      const joined = current ? `${current}\n\n${piece}` : piece
      if (joined.length <= limit) current = joined
      else {
        flush()
        current = piece
      }
    }
  }
  flush()
  return parts
}

/** A paragraph longer than the limit: lines, then sentences, then (last resort) a hard cut. */
function cutLong(block: string, limit: number): string[] {
  // Every character lands in some piece, a line that starts with punctuation ("！") too.
  const sentences = (block.match(/[^。！？!?；;\n]*(?:[。！？!?；;]+\n?|\n|$)/g) ?? [block]).filter(Boolean)
  const out: string[] = []
  let current = ''
  for (const raw of sentences) {
    const sentence = raw
    if (current.length + sentence.length <= limit) {
      current += sentence
      continue
    }
    if (current.trim()) out.push(current.trim())
    current = ''
    let rest = sentence
    while (rest.length > limit) {
      out.push(rest.slice(0, limit).trim())
      rest = rest.slice(limit)
    }
    current = rest
  }
  if (current.trim()) out.push(current.trim())
  return mergeSourceLines(out)
}

// A 来源 line cut off on its own belongs to the piece before it.
function mergeSourceLines(pieces: string[]): string[] {
  const out: string[] = []
  for (const piece of pieces) {
    if (SOURCE_LINE.test(piece) && out.length > 0) out[out.length - 1] += `\n${piece}`
    else out.push(piece)
  }
  return out
}
