// question -> retrieval -> (LLM | extractive) -> Answer. The retrieval's out-of-scope gate runs first, so
// an out-of-scope question never reaches a model; the extractive answer is always the fallback.
import { setBounded } from '../bounded.js'
import type { Logger } from '../logger.js'
import type { KnowledgeBase } from '../knowledge/types.js'
import { aboutDocumentAnswer, asksAboutDocument } from './about-document.js'
import { splitAsks } from './asks.js'
import type { Standing } from './follow-up.js'
import { buildExtractiveAnswer, type AnswerTexts } from './extractive.js'
import type { Retriever } from './retrieve.js'
import { combineAnswers } from './several-asks.js'
import type { Answer, Retrieval } from './types.js'

/** What an answer says where the document does not give the asked detail: such answers are partial gaps. */
const SILENCE_SAYS = '文件没有写'

/** Below this confidence an in-scope answer is recorded as a gap for the knowledge maintainers. */
export const LOW_CONFIDENCE = 0.35

/** Distinct questions whose retrieval and extractive answer are kept: workers ask the same things again and again. */
export const REMEMBERED_QUESTIONS = 2000

/** A question the document answers this surely on its own is read as asked, not as a follow-up. */
const STANDS_ALONE = 0.6

export interface Phraser {
  /** Words the answer with a model; returns the extractive answer whenever anything is off. */
  answer(retrieval: Retrieval, extractive: Answer): Promise<Answer>
}

export interface GapRecorder {
  record(entry: { question: string; reason: 'unanswered' | 'partial'; channel: string; confidence: number }): Promise<void>
}

export interface AskContext {
  channel?: string
  /** Answer from what was in force on this day (YYYY-MM-DD); today in China by default. */
  asOf?: string
}

export interface Answerer {
  ask(question: string, context?: AskContext): Promise<Answer>
  retrieve(question: string, asOf?: string): Retrieval
  /** How the document meets the question on its own (a weak one may be an elliptical follow-up). */
  standing(question: string, asOf?: string): Standing
  /** Names exactly what answers on that day (changes with every change of the documents in force). */
  knowledgeVersion(asOf?: string): string
}

export function createAnswerer(deps: {
  kb: KnowledgeBase
  retriever: Retriever
  texts: AnswerTexts
  phraser?: Phraser
  gaps?: GapRecorder
  logger?: Logger
}): Answerer {
  const { kb, retriever, texts, phraser, gaps, logger } = deps
  // This answerer's documents never change (a change makes a new one), so a question's retrieval and extractive answer never do.
  const remembered = new Map<string, { retrieval: Retrieval; extractive: Answer }>()

  function retrieveAndAnswer(question: string): { retrieval: Retrieval; extractive: Answer } {
    let entry = remembered.get(question)
    if (entry) {
      remembered.delete(question) // most recently used last: the first key is the one to drop
    } else {
      const retrieval = retriever.retrieve(question)
      entry = { retrieval, extractive: buildExtractiveAnswer(retrieval, kb, texts) }
    }
    setBounded(remembered, question, entry, REMEMBERED_QUESTIONS)
    // A copy per caller: nobody can change what the next caller gets.
    return { retrieval: entry.retrieval, extractive: { ...entry.extractive, citations: entry.extractive.citations.map((c) => ({ ...c })) } }
  }

  /** Not awaited: the worker's answer never waits on the gaps log (it writes in batches; list() flushes). */
  function recordGap(retrieval: Retrieval, answer: Answer, channel: string): void {
    if (!gaps) return
    // Partial: retrieval was unsure, or the answer says the document does not give the asked detail (silence.ts).
    const partial = answer.confidence < LOW_CONFIDENCE || answer.answer.includes(SILENCE_SAYS)
    const reason = answer.outOfScope ? 'unanswered' : partial ? 'partial' : undefined
    if (!reason) return
    gaps.record({ question: retrieval.question, reason, channel, confidence: answer.confidence }).catch((err: unknown) => {
      logger?.warn({ err }, 'could not record an unanswered question')
    })
  }

  // What kind of question it is depends on its text alone: worked out once per distinct question.
  const plans = new Map<string, 'document' | 'one' | string[]>()
  function planOf(question: string): 'document' | 'one' | string[] {
    let plan = plans.get(question)
    if (plan === undefined) {
      const asks = asksAboutDocument(question) ? [] : standingAsks(splitAsks(question))
      plan = asksAboutDocument(question) ? 'document' : asks.length > 1 ? asks : 'one'
      setBounded(plans, question, plan, REMEMBERED_QUESTIONS)
    }
    return plan
  }

  /** An ask the document cannot answer alone (员工多少, after 快递企业有多少家) belongs with the one before it. */
  function standingAsks(asks: string[]): string[] {
    if (asks.length < 2) return asks
    const merged: string[] = []
    for (const ask of asks) {
      const { retrieval } = retrieveAndAnswer(ask)
      // Alone: answered surely, or naming a topic of its own (有补贴吗 names 补贴; 员工多少 names none).
      const topicWords = (retrieval.terms ?? []).filter((t) => !(retrieval.asker ?? []).includes(t))
      // An ask refused on its own (明天会下雨吗) stays apart, to be told so in its own line.
      const refused = retrieval.outOfScope && retrieval.reason !== 'no_match'
      const alone = refused || (!retrieval.outOfScope && (retrieval.confidence >= STANDS_ALONE || topicWords.length > 0))
      if (merged.length && !alone) merged[merged.length - 1] = `${merged[merged.length - 1]}，${ask}`
      else merged.push(ask)
    }
    return merged
  }

  /**
   * Each ask answered in order from its own retrieval. With a model, one call words them all: the first ask's
   * retrieval carries the others' best sections as further asks; the combined extractive answer is its fallback.
   */
  async function askSeveral(question: string, asks: string[], channel: string): Promise<Answer> {
    const parts = asks.map((ask) => retrieveAndAnswer(ask))
    const extractive = combineAnswers(asks, parts.map((p) => p.extractive), texts)
    const inScope = parts.filter((p) => !p.retrieval.outOfScope)
    let answer = extractive
    if (phraser && inScope.length > 0) {
      const [first, ...rest] = inScope
      const merged: Retrieval = {
        ...first!.retrieval,
        question,
        alsoAsked: rest.map((p) => p.retrieval.results[0]!).filter((r) => r.section !== first!.retrieval.results[0]?.section),
      }
      answer = await phraser.answer(merged, extractive)
    }
    for (const part of parts) recordGap(part.retrieval, part.extractive, channel)
    return answer
  }

  return {
    retrieve: (question) => retriever.retrieve(question),
    knowledgeVersion: () => kb.version,
    standing(question) {
      if (planOf(question) !== 'one') return 'answers'
      const { retrieval } = retrieveAndAnswer(question)
      // 要交多少钱 alone names a detail of no topic: weak, and a follow-up candidate; 明天会下雨吗 is refused.
      if (retrieval.outOfScope) return retrieval.reason === 'no_match' || retrieval.reason === 'detail_not_stated' ? 'weak' : 'refused'
      return retrieval.confidence >= STANDS_ALONE ? 'answers' : 'weak'
    },
    async ask(question, context = {}) {
      const kind = planOf(question)
      // 这个政策是哪年的，还有效吗: answered from the document's own metadata, not from a section.
      if (kind === 'document') return aboutDocumentAnswer(kb, texts, question)
      if (kind !== 'one') return askSeveral(question, kind, context.channel ?? 'api')
      const { retrieval, extractive } = retrieveAndAnswer(question)
      const answer = phraser && !retrieval.outOfScope ? await phraser.answer(retrieval, extractive) : extractive
      recordGap(retrieval, answer, context.channel ?? 'api')
      return answer
    },
  }
}
