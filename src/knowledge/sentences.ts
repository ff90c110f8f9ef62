// Splits Chinese prose into sentences, keeping the closing punctuation with each.

const SENTENCE = /[^。！？!?]+[。！？!?]*/g

export function splitSentences(text: string): string[] {
  return (text.match(SENTENCE) ?? []).map((s) => s.trim()).filter((s) => s.length > 0)
}
