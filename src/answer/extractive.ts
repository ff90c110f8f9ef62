// The extractive answer (the default mode, and the LLM path's fallback): the sentence or two of the
// document that answer the question, verbatim, with their source lines. It can only say what the document says.
import { chineseDate } from '../calendar.js'
import type { KnowledgeBase, Section } from '../knowledge/types.js'
import { directLine } from './direct-line.js'
import { englishLine, ENGLISH_QUOTE_INTRO, ENGLISH_REFERRAL, ENGLISH_REFUSAL, isEnglish } from './english.js'
import { silenceFor, silenceNotes } from './silence.js'
import { asksForFigures, wantedFigure, withoutStatistics } from './statistics.js'
import type { Answer, AnswerTexts, Citation, Retrieval, RetrievedSection, ScoredSentence } from './types.js'

export { silenceNotes }

/** A second sentence from the top section joins the answer when it scores at least this share of the best. */
const SECOND_SENTENCE_SHARE = 0.6
/** A runner-up section joins when its score is at least this share of the top section's. */
const RUNNER_UP_SHARE = 0.8

export type { AnswerTexts }

/** 【来源：《文件名》第三部分（二）】, with the 文号 and the day it took effect when the document states them. */
export function sourceLine(section: Section): string {
  const number = section.docNumber ? `（${section.docNumber}）` : ''
  const since = section.datesStated ? `，${chineseDate(section.effective)}起施行` : ''
  return `【来源：《${section.documentTitle}》${number}${section.label}${since}】`
}

/** "（文件中的数据截至2021年4月。）" for the documents cited that say how far their figures run. */
export function figuresNote(sections: Section[]): string {
  const dates = [...new Set(sections.map((s) => s.figuresAsOf).filter(Boolean))]
  const text = dates.map((d) => {
    const [y, m] = String(d).split('-')
    return `${y}年${Number(m)}月`
  })
  return text.length ? `（文件中的数据截至${text.join('、')}。）` : ''
}

/** The words every out-of-scope refusal carries (and nothing else does): how a reader or the eval tells one. */
export const REFUSAL_MARK = '我不能凭空回答'

export function outOfScopeAnswer(kb: KnowledgeBase, texts: AnswerTexts, question = ''): Answer {
  const titles = kb.documents.map((d) => `《${d.title}》`).join('、')
  const answer = [
    isEnglish(question) ? ENGLISH_REFUSAL : '',
    titles ? `抱歉，这个问题${titles}里没有相关内容，${REFUSAL_MARK}。` : `抱歉，在所问的日期我这里没有已经生效的政策文件，${REFUSAL_MARK}。`,
    '我可以帮您：查询灵活就业相关政策（工伤保险、养老和医疗保险、社保补贴、创业贷款和补贴、技能培训、职称、工会、欠薪维权），看看您能申请哪些项目，或协助办理申请。',
    texts.referral,
  ].join('\n')
  return { answer: answer.replace(/^\n/, ''), citations: [], mode: 'extractive', outOfScope: true, confidence: 0 }
}

/**
 * The worker's own kind of work named in the quote: when the picked sentences name none of the kinds a question
 * names (只有建筑工人才能交，送外卖的不行？) and another of the section's ranked sentences does, it joins them.
 */
function withAskersSentence(result: RetrievedSection, picked: ScoredSentence[], asker: string[]): ScoredSentence[] {
  const named = (s: ScoredSentence) => asker.some((t) => s.text.includes(t))
  const missing = asker.filter((t) => !picked.some((s) => s.text.includes(t)))
  if (missing.length === 0 || picked.length > 1) return picked
  const extra = result.sentences.find((s) => !picked.includes(s) && named(s) && missing.some((t) => s.text.includes(t)))
  return extra ? [...picked, extra] : picked
}

function pickSentences(result: RetrievedSection): ScoredSentence[] {
  const [best, second] = result.sentences
  if (!best) return []
  const picked = second && second.score >= best.score * SECOND_SENTENCE_SHARE ? [best, second] : [best]
  return picked // best first: the sentence that answers leads
}

export function buildExtractiveAnswer(retrieval: Retrieval, kb: KnowledgeBase, texts: AnswerTexts): Answer {
  if (retrieval.outOfScope || retrieval.results.length === 0) return outOfScopeAnswer(kb, texts, retrieval.question)
  const { question } = retrieval
  const [top, runnerUp] = retrieval.results
  const chosen: { result: RetrievedSection; sentences: ScoredSentence[] }[] = [{ result: top, sentences: withAskersSentence(top, pickSentences(top), retrieval.asker ?? []) }]
  for (const also of retrieval.alsoAsked ?? []) if (also.sentences[0]) chosen.push({ result: also, sentences: [also.sentences[0]] })
  if (chosen.length === 1 && runnerUp && runnerUp.score >= top.score * RUNNER_UP_SHARE && runnerUp.sentences[0]) {
    chosen.push({ result: runnerUp, sentences: [runnerUp.sentences[0]] })
  }

  // Statistics nobody asked for are left out of the quote (a verbatim prefix of the sentence, never a rewording).
  const figures = asksForFigures(question)
  const quoted = chosen.map(({ result, sentences }) => ({ result, quotes: sentences.map((s) => (figures ? s.text : withoutStatistics(s.text, retrieval.terms))) }))
  const citations: Citation[] = quoted.map(({ result, quotes }) => citationFor(result.section, quotes))
  const silence = silenceFor(question, citations.map((c) => c.quote), texts)
  const english = isEnglish(question) ? englishLine(question, top.section, texts.glosses ?? new Map()) : undefined
  const lines: string[] = []
  if (english) lines.push(english, ENGLISH_QUOTE_INTRO)
  lines.push(silence.lead ?? directLine({
    question,
    sentence: top.sentences[0]!.text,
    alsoQuoted: chosen[0]!.sentences.slice(1).map((s) => s.text),
    wants: wantedFigure(question),
    asker: retrieval.asker,
    terms: retrieval.terms,
    sectionSentences: top.section.sentences,
  }))
  for (const { result, quotes } of quoted) {
    lines.push(quotes.map(asSentence).join(''))
    lines.push(sourceLine(result.section))
  }
  lines.push(...silence.notes)
  if (english && (silence.lead || silence.notes.length)) lines.push(ENGLISH_REFERRAL)
  if (retrieval.incidental) lines.push(incidentalNote(retrieval.incidental))
  lines.push(...replacementNotes(chosen.map((c) => c.result.section)), figuresNote(chosen.map((c) => c.result.section)))
  return {
    answer: lines.filter(Boolean).join('\n'),
    citations,
    mode: 'extractive',
    outOfScope: false,
    confidence: retrieval.confidence,
  }
}

/** One line on the part of a message the assistant does not answer (the rest of it was answered above). */
export function incidentalNote(incidental: { reason: string; words: string }): string {
  if (incidental.reason === 'detail_not_stated') return ''
  return `（您提到的“${incidental.words}”不在这份政策文件的范围内，这部分我没法回答。）`
}

/** A quote cut before its statistics ends where the clause did: shown with a full stop. */
function asSentence(quote: string): string {
  return /[。！？；]$/.test(quote) ? quote : `${quote}。`
}

/** What closes every answer, extractive or worded: where the document is silent or vague, then its figures' date. */
export function answerFooter(question: string, citations: Citation[], sections: Section[], texts?: AnswerTexts): string[] {
  return [...(texts ? silenceNotes(question, citations.map((c) => c.quote), texts) : []), ...replacementNotes(sections), figuresNote(sections)]
}

/** "（《通知》自2024年7月1日起替代《…》第三部分（二）。）" for each cited document that replaces older text. */
export function replacementNotes(sections: Section[]): string[] {
  const seen = new Set<string>()
  return sections.flatMap((s) => {
    if (!s.replaces?.length || seen.has(s.docId)) return []
    seen.add(s.docId)
    const since = s.datesStated ? `自${chineseDate(s.effective)}起` : ''
    const what = s.replaces.map((r) => `《${r.documentTitle}》${r.parts.length ? r.parts.join('、') : '全文'}`).join('、')
    return [`（《${s.documentTitle}》${since}替代${what}的规定。）`]
  })
}

export function citationFor(section: Section, quotes: string[]): Citation {
  return {
    document: section.docId,
    documentTitle: section.documentTitle,
    docNumber: section.docNumber ?? null,
    effective: section.effective,
    sectionId: section.id,
    title: section.title,
    quote: quotes.join(''),
  }
}
