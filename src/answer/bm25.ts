// A small BM25 index over weighted tokens. Documents here are sentences and sections: a few hundred at most.
import type { WeightedToken } from '../knowledge/tokenizer.js'

const K1 = 1.2

export class Bm25Index {
  /** b: how much a long document is penalised (0 none, 1 fully proportional to length). */
  constructor(private readonly b = 0.75) {}

  private readonly termFreqs: Map<string, number>[] = []
  private readonly lengths: number[] = []
  private readonly docFreq = new Map<string, number>()
  /** token -> the documents that have it and its frequency there: a query touches only those. */
  private readonly postings = new Map<string, { docs: number[]; freqs: number[] }>()
  /** Per document, K1 * (1 - b + b * length / averageLength); rebuilt after an add. */
  private lengthNorms: Float64Array | undefined
  private averageLength = 0

  add(tokens: WeightedToken[]): number {
    const tf = new Map<string, number>()
    let length = 0
    for (const { token, weight } of tokens) {
      tf.set(token, (tf.get(token) ?? 0) + weight)
      length += weight
    }
    const doc = this.termFreqs.length
    for (const [token, f] of tf) {
      this.docFreq.set(token, (this.docFreq.get(token) ?? 0) + 1)
      const posting = this.postings.get(token)
      if (posting) {
        posting.docs.push(doc)
        posting.freqs.push(f)
      } else this.postings.set(token, { docs: [doc], freqs: [f] })
    }
    this.termFreqs.push(tf)
    this.lengthNorms = undefined
    this.lengths.push(length)
    this.averageLength = this.lengths.reduce((a, b) => a + b, 0) / this.lengths.length
    return this.termFreqs.length - 1
  }

  get size(): number {
    return this.termFreqs.length
  }

  has(token: string): boolean {
    return this.docFreq.has(token)
  }

  idf(token: string): number {
    const n = this.docFreq.get(token) ?? 0
    return Math.log(1 + (this.size - n + 0.5) / (n + 0.5))
  }

  /** Scores every document for a weighted query (weights multiply each term's contribution). */
  scoreAll(query: Map<string, number>): Float64Array {
    const scores = new Float64Array(this.size)
    const lengthNorms = (this.lengthNorms ??= Float64Array.from(this.lengths, (length) => K1 * (1 - this.b + (this.b * length) / this.averageLength)))
    for (const [token, qWeight] of query) {
      const posting = this.postings.get(token)
      if (!posting) continue
      const idf = this.idf(token)
      const { docs, freqs } = posting
      for (let i = 0; i < docs.length; i++) {
        const f = freqs[i]
        if (!f) continue
        const d = docs[i]
        scores[d] += qWeight * idf * ((f * (K1 + 1)) / (f + lengthNorms[d]))
      }
    }
    return scores
  }
}
