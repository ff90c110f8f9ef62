// Retrievals built by hand from the real knowledge base, so these tests do not depend on retrieval tuning.
import { fileURLToPath } from 'node:url'
import { loadKnowledgeBase } from '../../src/knowledge/load.js'
import { buildExtractiveAnswer, type AnswerTexts } from '../../src/answer/extractive.js'
import type { KnowledgeBase } from '../../src/knowledge/types.js'
import type { Answer, Retrieval } from '../../src/answer/types.js'

export const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url))
export const texts: AnswerTexts = { referral: '请咨询当地人社部门。' }

let cached: KnowledgeBase | undefined
export function knowledgeBase(): KnowledgeBase {
  cached ??= loadKnowledgeBase(KNOWLEDGE_DIR)
  return cached
}

/** A retrieval ranking the given sections in order; each section's best sentence is the first containing `hint`. */
export function retrievalOf(question: string, ranked: { id: string; hint?: string }[], outOfScope = false): Retrieval {
  const kb = knowledgeBase()
  const results = ranked.map(({ id, hint }, rank) => {
    const section = kb.section(id)
    if (!section) throw new Error(`no section ${id}`)
    const index = Math.max(0, hint ? section.sentences.findIndex((s) => s.includes(hint)) : 0)
    return { section, score: 10 - rank, sentences: [{ text: section.sentences[index]!, index, score: 5 }] }
  })
  return { question, results, outOfScope, confidence: outOfScope ? 0 : 0.8 }
}

export function extractiveFor(retrieval: Retrieval): Answer {
  return buildExtractiveAnswer(retrieval, knowledgeBase(), texts)
}
