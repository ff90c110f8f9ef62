// Scores an answerer on a question file (the format of test/fixtures/questions.dev.json): top-1 and top-3
// section accuracy, MRR, key facts present, and out-of-scope precision and recall.
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { Answerer } from '../answer/answerer.js'

const questionSchema = z.union([
  z.object({ q: z.string().min(1), oos: z.literal(true) }),
  z.object({
    q: z.string().min(1),
    sections: z.array(z.string()).min(1),
    facts: z.array(z.array(z.string()).min(1)).default([]),
    /** The document covers the topic but not the detail asked: answered from the section, saying it does not state it. */
    silence: z.boolean().optional(),
  }),
])
const fileSchema = z.object({ about: z.string().optional(), questions: z.array(questionSchema).min(1) })

export type EvalQuestion = z.output<typeof questionSchema>

export interface EvalFailure {
  q: string
  problem: string
}

export interface EvalScores {
  answerable: number
  outOfScopeQuestions: number
  top1: number
  top3: number
  mrr: number
  facts: number
  oosPrecision: number
  oosRecall: number
  failures: EvalFailure[]
}

export function loadQuestions(file: string): EvalQuestion[] {
  return fileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).questions
}

/** What an answer says where the document is silent on the detail asked. */
const SILENCE_WORDS = '文件没有写'

/** Compact for comparison: the document and answers may differ in spaces around figures. */
const compact = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase()

export async function scoreQuestions(answerer: Answerer, questions: EvalQuestion[]): Promise<EvalScores> {
  let answerable = 0, top1 = 0, top3 = 0, rr = 0, factsFound = 0
  let oosTotal = 0, oosRefused = 0, refused = 0
  const failures: EvalFailure[] = []
  for (const item of questions) {
    const answer = await answerer.ask(item.q, { channel: 'eval' })
    if (answer.outOfScope) refused++
    if ('oos' in item) {
      oosTotal++
      if (answer.outOfScope) oosRefused++
      else failures.push({ q: item.q, problem: `answered, should be out of scope (cited ${answer.citations[0]?.sectionId})` })
      continue
    }
    answerable++
    if (answer.outOfScope) {
      failures.push({ q: item.q, problem: 'refused as out of scope' })
      continue
    }
    // Ranking is judged on retrieval (the order the answer's sources come from), the first citation on the answer.
    const ranked = answerer.retrieve(item.q).results.map((r) => r.section.id)
    const first = answer.citations[0]?.sectionId
    if (first !== undefined && item.sections.includes(first)) top1++
    else failures.push({ q: item.q, problem: `cited ${first}, expected ${item.sections.join('|')}` })
    const rank = ranked.findIndex((id) => item.sections.includes(id))
    if (rank >= 0 && rank < 3) top3++
    if (rank >= 0) rr += 1 / (rank + 1)
    const text = compact(answer.answer)
    const facts = item.silence ? [...item.facts, [SILENCE_WORDS]] : item.facts
    const missing = facts.filter((alternatives) => !alternatives.some((f) => text.includes(compact(f))))
    if (missing.length === 0) factsFound++
    else failures.push({ q: item.q, problem: `missing fact ${missing.map((m) => m.join('/')).join(', ')}` })
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b)
  return {
    answerable,
    outOfScopeQuestions: oosTotal,
    top1: ratio(top1, answerable),
    top3: ratio(top3, answerable),
    mrr: ratio(rr, answerable),
    facts: ratio(factsFound, answerable),
    oosPrecision: ratio(oosRefused, refused),
    oosRecall: ratio(oosRefused, oosTotal),
    failures,
  }
}
