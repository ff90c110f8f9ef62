// Requests for what no form here takes (knowledge/programmes.referrals.yaml): training, titles, the vehicle loan,
// the platform's accident insurance. Each is answered with where to go, in the document's words.
import { shortNameOn } from './figures.js'
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { parseKnowledgeYaml } from '../knowledge/yaml.js'
import type { Programme } from './types.js'

const word = z.string().trim().min(1)
const fileSchema = z.strictObject({
  referrals: z.array(z.union([
    z.strictObject({ programId: word, words: z.array(word).min(1) }),
    z.strictObject({ id: word, name: word, words: z.array(word).min(1), section: word, text: word }),
  ])).min(1),
})

export interface Referral {
  id: string
  /** What it is called in the reply. */
  name: string
  /** The words that name it in a request, longest first. */
  words: string[]
  /** Where to go, from the document's words (the office's referral is added by the caller). */
  text: string
}

/** Loads the referrals, each programme one checked to exist and to carry its own referral text. */
export function loadReferrals(file: string, programmes: Programme[], sectionText: (id: string) => string | undefined): Referral[] {
  const parsed = fileSchema.safeParse(parseKnowledgeYaml(readFileSync(file, 'utf8')))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`)
  }
  return parsed.data.referrals.map((r) => {
    const words = [...r.words].sort((a, b) => b.length - a.length)
    if ('programId' in r) {
      const programme = programmes.find((p) => p.id === r.programId)
      if (!programme?.referral) throw new Error(`${file}: ${r.programId} is not a programme with a referral in programmes.yaml`)
      return { id: programme.id, name: shortNameOn(programme), words, text: programme.referral }
    }
    // The quoted words must be the document's: every “…” of the text is found in the cited section.
    const section = (sectionText(r.section) ?? '').replace(/\s/g, '')
    for (const [, quote] of r.text.matchAll(/“([^”]+)”/g)) {
      if (!section.includes(quote.replace(/\s/g, ''))) throw new Error(`${file}: ${r.id}: “${quote}” is not in section ${r.section}`)
    }
    return { id: r.id, name: r.name, words, text: r.text }
  })
}

// 我要报名培训, 帮我办一下意外险, 申请购车贷款: a request; 培训怎么报名？ is a question for the answerer.
const REQUEST = /(?:我|俺)(?:现在|就|也)?(?:要|想|想要|打算|准备)|帮(?:我|忙)|^(?:申请|办理|报名|参加|评|办)/
const QUESTION = /[?？吗呢么]\s*$|什么|怎么|如何|哪|多少|啥|能不能|可不可以/

/** The referral a request names, or undefined (a question, or nothing it knows). */
export function referralFor(referrals: Referral[], text: string): Referral | undefined {
  const t = text.normalize('NFKC').trim()
  if (!REQUEST.test(t) || QUESTION.test(t)) return undefined
  return referrals.find((r) => r.words.some((w) => t.includes(w)))
}
