// A small BM25 index over weighted tokens. Documents here are sentences and sections: a few hundred at most.
import type { WeightedToken } from '../knowledge/tokenizer.js'

const K1 = 1.2

export class Bm25Index {
  /** b: how much a long document is penalised (0 none, 1 fully proportional to length). */
  constructor(private readonly b = 0.75) {}

  private readonly termFreqs: Map<string, number>[] = []
  private readonly lengths: number[] = []
  private readonly docFreq = new Map<string, number>()
  private averageLength = 0

  add(tokens: WeightedToken[]): number {
    const tf = new Map<string, number>()
    let length = 0
    for (const { token, weight } of tokens) {
      tf.set(token, (tf.get(token) ?? 0) + weight)
      length += weight
    }
    for (const token of tf.keys()) this.docFreq.set(token, (this.docFreq.get(token) ?? 0) + 1)
    this.termFreqs.push(tf)
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
    for (const [token, qWeight] of query) {
      if (!this.docFreq.has(token)) continue
      const idf = this.idf(token)
      for (let d = 0; d < this.size; d++) {
        const f = this.termFreqs[d].get(token)
        if (!f) continue
        const norm = f + K1 * (1 - this.b + (this.b * this.lengths[d]) / this.averageLength)
        scores[d] += qWeight * idf * ((f * (K1 + 1)) / norm)
      }
    }
    return scores
  }
}
