// One answer for a message that asks several things: each ask's own answer in order, numbered, each with its
// citation; the referral and the figures date once at the end. An ask out of scope gets one line, not a refusal.
import type { AnswerTexts } from './types.js'
import type { Answer } from './types.js'

const FIGURES_NOTE = /^（文件中的数据截至.*）$/

export function combineAnswers(asks: string[], answers: Answer[], texts: AnswerTexts): Answer {
  const answered = answers.filter((a) => !a.outOfScope)
  if (answered.length === 0) return answers[0]!
  const lines: string[] = []
  const notes = new Set<string>()
  let referred = false
  answers.forEach((answer, i) => {
    if (answer.outOfScope) {
      lines.push(`${i + 1}. “${asks[i]}”：这一问不在这份政策文件的范围内，我没法回答。`)
      return
    }
    const own = answer.answer.split('\n').filter((line) => {
      if (!FIGURES_NOTE.test(line)) return true
      notes.add(line) // said once, at the end
      return false
    })
    const body = own.map((line) => {
      if (!line.includes(texts.referral)) return line
      referred = true
      return line.replace(texts.referral, '').trim()
    }).filter(Boolean)
    lines.push(`${i + 1}. ${body[0]}`, ...body.slice(1))
  })
  if (referred) lines.push(texts.referral)
  lines.push(...notes)
  return {
    answer: lines.join('\n'),
    citations: answered.flatMap((a) => a.citations),
    mode: answered.every((a) => a.mode === 'llm') ? 'llm' : 'extractive',
    outOfScope: false,
    confidence: Math.min(...answered.map((a) => a.confidence)),
  }
}
