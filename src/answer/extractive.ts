// The extractive answer (the default mode, and the LLM path's fallback): the sentence or two of the
// document that answer the question, verbatim, with their source lines. It can only say what the document says.
import type { KnowledgeBase, Section } from '../knowledge/types.js'
import type { Answer, Citation, Retrieval, RetrievedSection, ScoredSentence } from './types.js'

/** A second sentence from the top section joins the answer when it scores at least this share of the best. */
const SECOND_SENTENCE_SHARE = 0.6
/** A runner-up section joins when its score is at least this share of the top section's. */
const RUNNER_UP_SHARE = 0.8

export interface AnswerTexts {
  /** Where to send people for what the document does not settle (configuration: REFERRAL_TEXT). */
  referral: string
}

/** 【来源：《文件名》第三部分（二）】 */
export function sourceLine(section: Section): string {
  return `【来源：《${section.documentTitle}》${section.label}】`
}

/** "（文件中的数据截至2021年4月。）" for the documents cited. */
export function figuresNote(kb: KnowledgeBase, sections: Section[]): string {
  const dates = [...new Set(sections.map((s) => kb.documents.find((d) => d.id === s.docId)?.figuresAsOf).filter(Boolean))]
  const text = dates.map((d) => {
    const [y, m] = String(d).split('-')
    return `${y}年${Number(m)}月`
  })
  return text.length ? `（文件中的数据截至${text.join('、')}。）` : ''
}

const VAGUE = /符合条件的|按规定/
const HOW_TO_APPLY = /怎么(申请|办|办理|领|报名|参加|交|缴|加入)|如何(申请|办理|参加|加入)|去哪|哪里(办|申请|交)|材料|流程|手续|条件是什么|什么条件|要求是什么|how (do|can) i (apply|join|get)/i

const ASKS_TERMS = /额度|上限|利率|利息|期限|年限|贷多少|能贷多少|报销比例|缴费标准/

/** One line saying where the document is silent or vague, instead of inventing conditions; then the referral. */
export function silenceNotes(question: string, quotes: string[], texts: AnswerTexts): string[] {
  const gaps: string[] = []
  if (quotes.some((q) => VAGUE.test(q))) gaps.push('只写了“符合条件的”“按规定”，没有列出具体条件')
  if (HOW_TO_APPLY.test(question)) gaps.push('没有写具体的办理流程和材料')
  if (ASKS_TERMS.test(question)) gaps.push('没有写具体的额度、利率、期限等标准')
  return gaps.length ? [`文件${gaps.join('，也')}。${texts.referral}`] : []
}

export function outOfScopeAnswer(kb: KnowledgeBase, texts: AnswerTexts): Answer {
  const titles = kb.documents.map((d) => `《${d.title}》`).join('、')
  const answer = [
    `抱歉，这个问题${titles}里没有相关内容，我不能凭空回答。`,
    '我可以帮您：查询灵活就业相关政策（工伤保险、养老和医疗保险、社保补贴、创业贷款和补贴、技能培训、职称、工会、欠薪维权），看看您能申请哪些项目，或协助办理申请。',
    texts.referral,
  ].join('\n')
  return { answer, citations: [], mode: 'extractive', outOfScope: true, confidence: 0 }
}

function pickSentences(result: RetrievedSection): ScoredSentence[] {
  const [best, second] = result.sentences
  if (!best) return []
  const picked = second && second.score >= best.score * SECOND_SENTENCE_SHARE ? [best, second] : [best]
  return picked // best first: the sentence that answers leads
}

export function buildExtractiveAnswer(retrieval: Retrieval, kb: KnowledgeBase, texts: AnswerTexts): Answer {
  if (retrieval.outOfScope || retrieval.results.length === 0) return outOfScopeAnswer(kb, texts)
  const [top, runnerUp] = retrieval.results
  const chosen: { result: RetrievedSection; sentences: ScoredSentence[] }[] = [{ result: top, sentences: pickSentences(top) }]
  for (const also of retrieval.alsoAsked ?? []) if (also.sentences[0]) chosen.push({ result: also, sentences: [also.sentences[0]] })
  if (chosen.length === 1 && runnerUp && runnerUp.score >= top.score * RUNNER_UP_SHARE && runnerUp.sentences[0]) {
    chosen.push({ result: runnerUp, sentences: [runnerUp.sentences[0]] })
  }

  const citations: Citation[] = chosen.map(({ result, sentences }) => citationFor(result.section, sentences.map((s) => s.text)))
  const lines: string[] = []
  for (const c of chosen) {
    lines.push(c.sentences.map((s) => s.text).join(''))
    lines.push(sourceLine(c.result.section))
  }
  lines.push(...answerFooter(retrieval.question, citations, chosen.map((c) => c.result.section), kb, texts))
  return {
    answer: lines.filter(Boolean).join('\n'),
    citations,
    mode: 'extractive',
    outOfScope: false,
    confidence: retrieval.confidence,
  }
}

/** What closes every answer, extractive or worded: where the document is silent or vague, then its figures' date. */
export function answerFooter(question: string, citations: Citation[], sections: Section[], kb: KnowledgeBase, texts?: AnswerTexts): string[] {
  return [...(texts ? silenceNotes(question, citations.map((c) => c.quote), texts) : []), figuresNote(kb, sections)]
}

export function citationFor(section: Section, quotes: string[]): Citation {
  return { document: section.documentTitle, sectionId: section.id, title: section.title, quote: quotes.join('') }
}
