// One object holding the loaded eligibility data, so the conversation engine and channels call it in one line.
import { evaluate } from './evaluate.js'
import { formatResults } from './format.js'
import { decidingFields, nextQuestion, type NextQuestion } from './guided.js'
import type { EligibilityKnowledge } from './knowledge.js'
import type { Profile } from './profile.js'
import { formatQuestion, parseFieldAnswer } from './profile-fields.js'
import type { EligibilityResult } from './types.js'

export interface EligibilityService {
  evaluate(profile: Profile, asOf?: string): EligibilityResult[]
  /** Unknown fields that would decide a needs_info programme, most decisive first. */
  decidingFields(profile: Profile, asOf?: string): string[]
  /** The next question of a guided check, or null when every programme is decided. */
  nextQuestion(profile: Profile, asOf?: string): NextQuestion | null
  /** The question text for a field (options numbered). */
  question(field: string): string
  /** A reply read as the field's value; undefined when it cannot tell (ask again). */
  parseAnswer(field: string, reply: string): string | boolean | undefined
  /** The WeChat-ready plain-text summary. */
  format(results: EligibilityResult[]): string
}

export function createEligibilityService(knowledge: EligibilityKnowledge): EligibilityService {
  const { programmes, fields, sections } = knowledge
  const fieldOrder = fields.map((f) => f.id)
  const spec = (field: string) => {
    const found = fields.find((f) => f.id === field)
    if (!found) throw new Error(`no profile field ${field}`)
    return found
  }
  return {
    evaluate: (profile, asOf) => evaluate(programmes, profile, { sections, asOf }),
    decidingFields: (profile, asOf) => decidingFields(programmes, profile, { asOf, fieldOrder }),
    nextQuestion: (profile, asOf) => nextQuestion(programmes, fields, profile, asOf),
    question: (field) => formatQuestion(spec(field)),
    parseAnswer: (field, reply) => parseFieldAnswer(spec(field), reply),
    format: (results) => formatResults(results, { fields }),
  }
}
