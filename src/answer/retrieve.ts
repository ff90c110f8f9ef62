// Ranks the knowledge base's sections, and the sentences within them, for a question.
// Sentences are the unit of matching (questions ask for one fact); a section's score is its best
// sentence's plus a share of the whole section's (title weighted), so broad questions still land well.
import type { Dictionary } from '../knowledge/dictionary.js'
import { normalizeText } from '../knowledge/dictionary.js'
import { escapeRegExp } from '../intake/parsers/text.js'
import type { Tokenizer, WeightedToken } from '../knowledge/tokenizer.js'
import type { KnowledgeBase, Section } from '../knowledge/types.js'
import { Bm25Index } from './bm25.js'
import type { ScopeGate } from './scope.js'
import { ASKS_BENEFIT, ASKS_WHO, PUT_AS_QUESTION, STATES_BENEFIT, STATES_WHO } from './asked.js'
import { isStatistic, wantedFigure } from './statistics.js'
import type { Retrieval, RetrievedSection, ScoredSentence } from './types.js'

const TITLE_WEIGHT = 2
const SECTION_SHARE = 0.5
const EXPANSION_WEIGHT = 0.7
const WEAK_EXPANSION_WEIGHT = 0.2
const WHO_WEIGHT = 0.3
/** Below this best score, nothing in the document matches well enough to answer from. Calibrated by eval. */
const MIN_SCORE = 3.0
/** Share of the question's weight that must be found in the document at all. */
const MIN_COVERAGE = 0.2
const MAX_SENTENCES_PER_SECTION = 3

export interface RetrieverOptions {
  kb: KnowledgeBase
  dictionary: Dictionary
  tokenizer: Tokenizer
  scope: ScopeGate
}

export interface Retriever {
  retrieve(question: string): Retrieval
}

interface SentenceRef {
  section: number
  index: number
}

export function createRetriever({ kb, dictionary, tokenizer, scope }: RetrieverOptions): Retriever {
  const sections = kb.sections
  const sentenceIndex = new Bm25Index(0.5)
  const sectionIndex = new Bm25Index()
  const sentenceRefs: SentenceRef[] = []

  sections.forEach((section, s) => {
    const titleTokens = scale(tokenizer.tokenizeDocumentText(section.title), TITLE_WEIGHT)
    sectionIndex.add([...titleTokens, ...tokenizer.tokenizeDocumentText(section.text)])
    section.sentences.forEach((sentence, index) => {
      sentenceIndex.add([...tokenizer.tokenizeDocumentText(sentence), ...scale(titleTokens, 0.25)])
      sentenceRefs.push({ section: s, index })
    })
  })

  // A worker's word that the document itself uses needs little help; one it never uses needs the mapping.
  const corpus = sections.map((s) => normalizeText(`${s.title}${s.text}`)).join('\n')
  const synonyms = dictionary.synonyms.flatMap((entry) =>
    entry.user.map((user) => {
      const latin = /^[\x00-\x7f]+$/.test(user)
      return {
        user,
        latin,
        // Latin words match whole words, plurals too ("app" is not in "apply"); Chinese terms match as substrings.
        matches: latin
          ? ((re: RegExp) => (text: string) => re.test(text))(new RegExp(`(^|[^a-z0-9])${escapeRegExp(user)}(?:s|es)?($|[^a-z0-9])`))
          : (text: string) => text.includes(user),
        role: entry.role,
        doc: entry.doc,
        inDocument: corpus.includes(user),
        expansion: entry.doc.flatMap((term) => tokenizer.tokenizeDocumentText(term)),
      }
    }),
  )

  /**
   * The scope gate, as of these documents: its topics "not in the document" (公积金, 最低工资…) were written for
   * the shipped document, so a topic a document in force does speak of is no longer refused for that.
   */
  function judgeScope(question: string) {
    const verdict = scope.judge(question)
    if (!verdict || verdict.reason !== 'not_in_document' || !corpus.includes(normalizeText(verdict.words))) return verdict
    return undefined
  }

  // The document's words for kinds of workers (巡游出租车, 网络送餐…): a sentence naming some is about those people.
  const groupTerms = [...new Set(dictionary.synonyms.filter((e) => e.role === 'who').flatMap((e) => e.doc))].filter((t) => !GENERAL_GROUPS.has(t))

  // What each sentence is, worked out once: a report of figures, and how many kinds of workers it names.
  const sentenceFacts = sentenceRefs.map((ref) => {
    const text = sections[ref.section].sentences[ref.index]
    return {
      statistic: isStatistic(text),
      groupsNamed: groupTerms.filter((t) => text.includes(t)).length,
      statesWho: STATES_WHO.test(text),
      statesBenefit: STATES_BENEFIT.test(text),
    }
  })

  /** A sentence about other kinds of workers than the asker (开网店 asking, 出租车司机 sentence) is not their answer. */
  function aboutOthers(groupsNamed: number, asker: string[], aboutAsker: boolean): boolean {
    // A list of several kinds of workers (…快递、房地产中介、养老服务…等) gives examples; one or two draw a circle.
    return asker.length > 0 && !aboutAsker && groupsNamed > 0 && groupsNamed < EXAMPLE_LIST
  }

  /** The query's weighted tokens, the dictionary phrases it matched, their document words, and the asker's kinds of work. */
  function buildQuery(question: string): { query: Map<string, number>; matched: string[]; terms: string[]; asker: string[] } {
    const normal = normalizeText(question)
    const query = new Map<string, number>()
    const add = (tokens: WeightedToken[]) => {
      for (const { token, weight } of tokens) query.set(token, Math.max(query.get(token) ?? 0, weight))
    }
    add(tokenizer.tokenize(normal))
    const hits = synonyms.filter((entry) => entry.matches(normal))
    // "送外卖的能入会吗" is about joining a union: who is asking must not outweigh what they ask.
    const asksWhat = hits.some((h) => h.role === 'what')
    for (const hit of hits) {
      const weight = hit.inDocument ? WEAK_EXPANSION_WEIGHT : hit.role === 'who' && asksWhat ? WHO_WEIGHT : EXPANSION_WEIGHT
      add(scale(hit.expansion, weight))
    }
    return { query, matched: hits.map((h) => h.user), terms: hits.flatMap((h) => h.doc), asker: hits.filter((h) => h.role === 'who').flatMap((h) => h.doc) }
  }

  function rank(question: string): Retrieval {
    const verdict = judgeScope(question)
    if (verdict?.refuse) return { question, results: [], outOfScope: true, reason: verdict.reason, confidence: 0 }
    // Words of a rule beside an in-scope question (下雨 in a story, 起诉): left out of the ranking, kept for a note.
    const incidental = verdict ? { reason: verdict.reason, words: verdict.words } : undefined
    // A detail the document does not state (工伤认定) stays in: it says what the question is about.
    const strip = incidental && incidental.reason !== 'detail_not_stated'
    const ranked = rankInScope(question, strip ? normalizeText(question).replace(incidental.words, '，') : question)
    return incidental ? { ...ranked, incidental } : ranked
  }

  function rankInScope(question: string, rankedText: string): Retrieval {
    const { query, matched, terms, asker } = buildQuery(rankedText)
    const sentenceScores = sentenceIndex.scoreAll(query)
    const sectionScores = sectionIndex.scoreAll(query)

    const wants = wantedFigure(question)
    const asksWho = ASKS_WHO.test(question)
    const asksBenefit = ASKS_BENEFIT.test(question)
    const asksOverview = ASKS_OVERVIEW.test(question)
    const perSection: ScoredSentence[][] = sections.map(() => [])
    // The who-boost picks the sentence within a section, never the section: which programme a question is
    // about is for its words to decide (社保补贴的条件 is 3.2, though 2.1 has a sentence that draws a circle).
    const bestForRanking = sections.map(() => 0)
    sentenceRefs.forEach((ref, i) => {
      if (sentenceScores[i] > 0) {
        const text = sections[ref.section].sentences[ref.index]
        // Figures about the asker's own kind of work (400余名“小哥”… for a courier) are part of their answer.
        const facts = sentenceFacts[i]!
        const aboutAsker = asker.length > 0 && asker.some((t) => text.includes(t))
        const figures = wants ? (wants.test(text) ? FIGURE_BOOST : 1) : facts.statistic && !aboutAsker ? STATISTIC_PENALTY : 1
        const score = sentenceScores[i] * figures * (aboutOthers(facts.groupsNamed, asker, aboutAsker) ? OTHERS_PENALTY : aboutAsker ? ASKER_BOOST : 1)
        bestForRanking[ref.section] = Math.max(bestForRanking[ref.section], score)
        const preferred = (asksWho && facts.statesWho) || (asksBenefit && facts.statesBenefit)
        perSection[ref.section].push({ text, index: ref.index, score: score * (preferred ? WHO_BOOST : 1) })
      }
    })

    const results: RetrievedSection[] = []
    sections.forEach((section: Section, s) => {
      const sentences = perSection[s].sort((a, b) => b.score - a.score).slice(0, MAX_SENTENCES_PER_SECTION)
      const best = bestForRanking[s]
      const overview = asksOverview && !section.id.includes('.') ? OVERVIEW_BOOST : 1
      const score = (best + SECTION_SHARE * sectionScores[s]) * overview
      if (score > 0) results.push({ section, score, sentences })
    })
    // Ties break on document order so the same question always ranks the same way.
    results.sort((a, b) => b.score - a.score || sections.indexOf(a.section) - sections.indexOf(b.section))

    const coverage = coverageOf(query, sentenceIndex, matched)
    const top = results[0]?.score ?? 0
    const confidence = Math.min(1, top / (MIN_SCORE * 4)) * Math.min(1, coverage / 0.6)
    if (top < MIN_SCORE || coverage < MIN_COVERAGE) {
      return { question, results, outOfScope: true, reason: 'no_match', confidence }
    }
    return { question, results, outOfScope: false, confidence, terms, asker }
  }

  /**
   * "快递小哥能评职称、入工会吗" asks two things. Each part is ranked on its own; a part whose best section is not
   * the whole question's is answered too, from its own best sentences, when the whole question also points there.
   */
  function alsoAsked(question: string, whole: Retrieval): RetrievedSection[] {
    const pieces = question.split(PART_SEPARATOR).flatMap((part) => {
      // Commas also join the asker's story ("我是安徽户口，在宁波跑外卖，…"): only clauses put as questions count.
      const clauses = part.split(CLAUSE_SEPARATOR)
      const asked = clauses.length > 1 ? clauses.filter((clause) => PUT_AS_QUESTION.test(clause.trim())) : []
      return asked.length > 1 ? asked : [part]
    })
    if (pieces.length < 2) return [] // most questions ask one thing: nothing more to rank
    const parts = pieces.filter((part) => whatItAsks(part).length >= MIN_PART_CHARS)
    if (parts.length < 2 || parts.length > MAX_PARTS) return []
    const top = whole.results[0]
    const found: RetrievedSection[] = []
    for (const part of parts) {
      const own = rank(part)
      const best = own.results[0]
      if (own.outOfScope || own.confidence < MIN_PART_CONFIDENCE || !best || best.section === top.section || found.some((f) => f.section === best.section)) continue
      const inWhole = whole.results.find((r) => r.section === best.section)
      if (inWhole && inWhole.score >= top.score * ALSO_ASKED_SHARE) found.push(best)
    }
    return found
  }

  // The dictionary's Chinese words for who is asking (骑手, 外卖员, …), for telling a list of people from asks.
  const whoWords = synonyms.filter((entry) => entry.role === 'who' && !entry.latin).map((entry) => entry.user)

  /** A part without the people it names ("外卖员、快递员、…" lists who asks, not what): what is left is what it asks. */
  function whatItAsks(part: string): string {
    let rest = normalizeText(part)
    for (const word of whoWords) rest = rest.replaceAll(word, '')
    return rest.replace(/[\s?？!！。，,吗呢吧啊]/g, '')
  }

  return {
    retrieve(question: string): Retrieval {
      const whole: Retrieval = { ...rank(question), knowledgeVersion: kb.version }
      if (whole.outOfScope) return whole
      const also = alsoAsked(question, whole)
      return also.length ? { ...whole, alsoAsked: also } : whole
    },
  }
}

// Where a question lists several asks: 、 between them, or 还有 / 以及 / 另外 / 顺便问.
const PART_SEPARATOR = /[、；;]|还有|以及|另外|顺便问一?下?/
const CLAUSE_SEPARATOR = /[，,]/
const MIN_PART_CHARS = 3
const MAX_PARTS = 4
/** How strongly the whole question must point at a part's section for that part to be answered separately. */
const ALSO_ASKED_SHARE = 0.25
/** A part answered separately must be one the retrieval is sure of on its own (a vague part adds noise). */
const MIN_PART_CONFIDENCE = 0.6

const FIGURE_BOOST = 1.5
// "为了啥 / 主要做哪几块" asks for aims or an overview: a part's opening paragraph states them.
const ASKS_OVERVIEW = /为了啥|为了什么|为啥|为什么要|目的|目标是|意义|怎么解决|主要做|哪几块|哪些方面|总体上|整体上|what is the aim|why does/i
const OVERVIEW_BOOST = 1.4

const WHO_BOOST = 1.5

const STATISTIC_PENALTY = 0.45

const OTHERS_PENALTY = 0.5
const ASKER_BOOST = 1.2
const EXAMPLE_LIST = 3
// Group words that cover everyone the document speaks to: naming them does not make a sentence about others.
const GENERAL_GROUPS = new Set(['灵活就业人员', '新业态', '新业态从业人员', '小哥'])


function scale(tokens: readonly WeightedToken[], factor: number): WeightedToken[] {
  return tokens.map((t) => ({ token: t.token, weight: t.weight * factor }))
}

/**
 * The share of the question's (word) weight that the document covers: words it contains, or words of a
 * dictionary phrase that maps onto it (so an English question is covered through its mapped terms).
 */
function coverageOf(query: Map<string, number>, index: Bm25Index, matched: string[]): number {
  let total = 0
  let found = 0
  for (const [token, weight] of query) {
    if (token.startsWith('~')) continue
    total += weight
    if (index.has(token) || matched.some((phrase) => phrase.includes(token))) found += weight
  }
  return total === 0 ? 0 : found / total
}
