// Chinese tokenisation for retrieval: jieba search-mode words plus character bigrams (a strong signal for
// short documents, and robust to words jieba splits differently), with stop words removed.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Jieba } from '@node-rs/jieba'
import { setBounded } from '../bounded.js'
import { normalizeText, type Dictionary } from './dictionary.js'

// jieba's dictionary file, read here and dropped once jieba has built its own structures. Importing
// '@node-rs/jieba/dict.js' instead would keep the file's 5 MB and an IDF table this project does not use (6 MB)
// alive in that module for the life of the process: 16 MB of RSS, measured.
const JIEBA_DICT = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt')

export interface WeightedToken {
  token: string
  weight: number
}

const CJK = /[\u4e00-\u9fff]/
const CJK_RUN = /[\u4e00-\u9fff]+/g
const WORDLIKE = /[\u4e00-\u9fff]|[a-z0-9]/
const BIGRAM_WEIGHT = 0.5
/** Sentences, titles and section texts of every document version kept in memory at once, with room to spare. */
const MAX_DOCUMENT_TEXTS = 20_000

let sharedJieba: Jieba | undefined

export class Tokenizer {
  private readonly jieba: Jieba
  private readonly stopWords: Set<string>

  constructor(dictionary: Dictionary) {
    // Building jieba costs ~200 ms: one instance per process, with the domain words added once.
    if (!sharedJieba) sharedJieba = Jieba.withDict(readFileSync(JIEBA_DICT))
    this.jieba = sharedJieba
    this.jieba.loadDict(Buffer.from(dictionary.domainWords.map((w) => `${w} 100000 n`).join('\n')))
    this.stopWords = new Set(dictionary.stopWords)
  }

  // The documents' own texts, tokenised once: a reload rebuilds the index from mostly unchanged sentences, and
  // jieba is most of what a rebuild costs (it blocks the event loop while it runs).
  private readonly documentTokens = new Map<string, readonly WeightedToken[]>()

  /** tokenize() for a document's sentence or title, remembered across rebuilds (never change what it returns). */
  tokenizeDocumentText(text: string): readonly WeightedToken[] {
    let tokens = this.documentTokens.get(text)
    if (!tokens) {
      tokens = this.tokenize(text)
      setBounded(this.documentTokens, text, tokens, MAX_DOCUMENT_TEXTS)
    }
    return tokens
  }

  /** Words (jieba search mode) and bigrams of the normalised text, stop words removed. */
  tokenize(text: string): WeightedToken[] {
    const normal = normalizeText(text)
    const out: WeightedToken[] = []
    for (const word of this.jieba.cutForSearch(normal, true)) {
      const w = word.trim()
      if (!w || !WORDLIKE.test(w) || this.stopWords.has(w)) continue
      // Single CJK characters are mostly noise; bigrams cover them.
      if (w.length === 1 && CJK.test(w)) continue
      out.push({ token: w, weight: 1 })
    }
    for (const run of normal.match(CJK_RUN) ?? []) {
      for (let i = 0; i + 1 < run.length; i++) {
        const bigram = run.slice(i, i + 2)
        if (this.stopWords.has(bigram)) continue
        out.push({ token: `~${bigram}`, weight: BIGRAM_WEIGHT })
      }
    }
    return out
  }
}
