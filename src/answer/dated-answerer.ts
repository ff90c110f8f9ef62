// Answers as of a day: each day's question goes to the answerer built for the sections in force that day
// (one per distinct view of the corpus, so a superseded section cannot be retrieved, let alone quoted). The
// corpus is read afresh on every question: a reload swaps it between questions, and a question under way
// finishes on the answerer it started with.
import { setBounded } from '../bounded.js'
import { todayInChina } from '../china-today.js'
import type { Corpus } from '../knowledge/corpus.js'
import type { KnowledgeBase } from '../knowledge/types.js'
import type { Answerer } from './answerer.js'

/** Views in use at once: today's, and the few days the console or API asks about. */
const KEPT_ANSWERERS = 8

export interface DatedAnswerer extends Answerer {
  /** Builds the answerer for the corpus's view of today, so the first question after a swap does not wait. */
  prepare(corpus: Corpus): void
}

export function createDatedAnswerer(deps: {
  corpus: () => Corpus
  answererFor: (kb: KnowledgeBase) => Answerer
  today?: () => string
}): DatedAnswerer {
  const today = deps.today ?? (() => todayInChina())
  const built = new Map<string, Answerer>()

  function forView(kb: KnowledgeBase): Answerer {
    let answerer = built.get(kb.version)
    if (answerer) built.delete(kb.version) // most recently used last: today's is never the one dropped
    answerer ??= deps.answererFor(kb)
    setBounded(built, kb.version, answerer, KEPT_ANSWERERS)
    return answerer
  }
  const on = (asOf?: string) => forView(deps.corpus().on(asOf ?? today()))

  return {
    ask: (question, context) => on(context?.asOf).ask(question, context),
    retrieve: (question, asOf) => on(asOf).retrieve(question),
    standing: (question, asOf) => on(asOf).standing(question),
    knowledgeVersion: (asOf) => deps.corpus().on(asOf ?? today()).version,
    prepare(corpus) {
      forView(corpus.on(today()))
    },
  }
}
