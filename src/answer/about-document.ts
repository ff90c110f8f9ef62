// Questions about the document itself (哪年的, 还有效吗, 数据是什么时候的): answered from its metadata and the
// dated notices it names, with the honest caveat that it states no validity and newer rules may apply.
import { UNSTATED_ISSUER } from '../knowledge/front-matter.js'
import type { KnowledgeBase } from '../knowledge/types.js'
import type { AnswerTexts } from './types.js'
import { chineseDate } from '../calendar.js'
import { citationFor, sourceLine } from './extractive.js'
import { isEnglish } from './english.js'
import type { Answer } from './types.js'

const ABOUT_DOCUMENT =
  /(政策|文件|规定|这个|这些|资料).{0,8}(哪年|哪一年|什么时候|啥时候|何时|几几年|多久)(出台|发布|出的|制定|定的|写的|的)?|(政策|文件|这个|这些).{0,6}(谁发的|哪个部门发的|哪里发的|谁定的|出处|文号)|还有效|有效期|过期|过时|失效|作废|还作数|还算数|现在还(算|能用|适用|管用|执行|有用)|是不是最新|最新的吗|when was (this|the) (policy|document)|(what|which) year|how old is (this|the)|still (valid|in force|current)|up to date|out of date/i
const DATED_NOTICE = /(\d{4}年\d{1,2}月)，?出台《([^》]+)》/g

const ENGLISH_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

export function asksAboutDocument(question: string): boolean {
  return ABOUT_DOCUMENT.test(question)
}

export function aboutDocumentAnswer(kb: KnowledgeBase, texts: AnswerTexts, question = ''): Answer {
  const lines: string[] = []
  const figuresAsOf = kb.documents.find((d) => d.figuresAsOf)?.figuresAsOf
  if (isEnglish(question) && figuresAsOf) {
    const [year, month] = figuresAsOf.split('-')
    lines.push(`This document describes Ningbo's policies for flexible workers; its figures run to ${ENGLISH_MONTHS[Number(month) - 1]} ${year}. It states no date of issue or validity, and newer rules may apply: check with the office below.`)
  }
  if (kb.documents.length === 0) lines.push('在所问的日期，我这里没有已经生效的政策文件。')
  const citations = []
  for (const doc of kb.documents) {
    if (doc.datesStated) {
      // A dated notice: what its own front matter says, word for word.
      const number = doc.docNumber ? `（${doc.docNumber}）` : ''
      const until = doc.expires ? `，有效期至${chineseDate(doc.expires)}` : ''
      const by = doc.issuer === UNSTATED_ISSUER ? '' : `由${doc.issuer}`
      lines.push(`《${doc.title}》${number}${by}于${chineseDate(doc.issued)}印发，${chineseDate(doc.effective)}起施行${until}。`)
      continue
    }
    const notices = doc.sections.flatMap((s) => [...s.text.matchAll(DATED_NOTICE)].map((m) => ({ section: s, when: m[1]!, title: m[2]!, quote: m[0] })))
    const [year, month] = (doc.figuresAsOf ?? '').split('-')
    lines.push(`这份材料是《${doc.title}》，介绍宁波的做法和政策${year ? `，其中的数据截至${year}年${Number(month)}月` : ''}。`)
    if (notices.length) {
      lines.push(`文中提到的文件：${notices.map((n) => `${n.when}出台的《${n.title}》`).join('、')}。`)
      for (const n of notices) citations.push(citationFor(n.section, [n.quote]))
      lines.push(...[...new Set(notices.map((n) => sourceLine(n.section)))])
    }
    lines.push('这份材料本身没有写发文单位、文号、发布日期和有效期。')
  }
  lines.push('之后可能出台了新的规定，办理前请以最新规定为准。', texts.referral)
  return { answer: lines.join('\n'), citations, mode: 'extractive', outOfScope: false, confidence: 1 }
}
