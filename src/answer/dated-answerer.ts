// Answers as of a day: each day's question goes to the answerer built for the sections in force that day
// (one per distinct view of the corpus, so a superseded section cannot be retrieved, let alone quoted). The
// corpus is read afresh on every question: a reload swaps it between questions, and a question under way
// finishes on the answerer it started with.
import { setBounded } from '../bounded.js'
import { chineseDate } from '../calendar.js'
import { todayInChina } from '../china-today.js'
import type { Corpus } from '../knowledge/corpus.js'
import { supersededBy, supersessionsOn } from '../knowledge/in-force.js'
import type { KnowledgeBase, PolicyDocument } from '../knowledge/types.js'
import type { Answerer } from './answerer.js'
import type { Answer } from './types.js'

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
  // Today's answerer, looked up once per corpus and day: nearly every question is asked as of today.
  let hot: { corpus: Corpus; day: string; answerer: Answerer; version: string } | undefined
  function todays(): { answerer: Answerer; version: string } {
    const corpus = deps.corpus()
    const day = today()
    if (hot?.corpus !== corpus || hot.day !== day) {
      const kb = corpus.on(day)
      hot = { corpus, day, answerer: forView(kb), version: kb.version }
    }
    return hot
  }
  const on = (asOf?: string) => (asOf === undefined ? todays().answerer : forView(deps.corpus().on(asOf)))

  /** An answer as of a past day whose sections a document has replaced since says so, naming it. */
  function laterChanges(answer: Answer, asOf: string): Answer {
    const { documents } = deps.corpus()
    const now = supersessionsOn(documents as PolicyDocument[], today())
    const notes = new Set<string>()
    for (const c of answer.citations) {
      const byId = supersededBy(c.document, c.sectionId, now)
      const by = byId ? documents.find((d) => d.id === byId) : undefined
      if (!by || by.effective <= asOf) continue
      const label = documents.find((d) => d.id === c.document)?.outline.find((o) => o.id === c.sectionId)?.label ?? c.sectionId
      const number = by.docNumber ? `（${by.docNumber}）` : ''
      notes.add(`（注意：以上是${chineseDate(asOf)}时的规定。《${c.documentTitle}》${label}自${chineseDate(by.effective)}起已由《${by.title}》${number}替代，现在请以新文件为准。）`)
    }
    return notes.size ? { ...answer, answer: [answer.answer, ...notes].join('\n') } : answer
  }

  return {
    ask(question, context) {
      const asOf = context?.asOf
      if (asOf === undefined) return todays().answerer.ask(question, context)
      return on(asOf).ask(question, context).then((answer) => (asOf < today() ? laterChanges(answer, asOf) : answer))
    },
    retrieve: (question, asOf) => on(asOf).retrieve(question),
    standing: (question, asOf) => on(asOf).standing(question),
    knowledgeVersion: (asOf) => (asOf === undefined ? todays().version : deps.corpus().on(asOf).version),
    prepare(corpus) {
      forView(corpus.on(today()))
    },
  }
}
