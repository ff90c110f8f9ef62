// The domain dictionary (knowledge/dictionary.yaml): worker words -> document words, jieba's domain words,
// and stop words. Validated at start-up.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseKnowledgeYaml } from './yaml.js'
import { z } from 'zod'

const dictionarySchema = z.object({
  synonyms: z.array(
    z.object({
      /** who: a kind of worker (weaker when the question also says what it is about); what: a topic. */
      role: z.enum(['who', 'what']).default('what'),
      user: z.array(z.string().min(1)).min(1),
      doc: z.array(z.string().min(1)).min(1),
    }),
  ),
  domainWords: z.array(z.string().min(1)),
  stopWords: z.array(z.string().min(1)),
})

export type Dictionary = z.output<typeof dictionarySchema>

export function loadDictionary(dir: string): Dictionary {
  const parsed = dictionarySchema.safeParse(parseKnowledgeYaml(readFileSync(join(dir, 'dictionary.yaml'), 'utf8')))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`knowledge/dictionary.yaml: ${issue.path.join('.')}: ${issue.message}`)
  }
  const d = parsed.data
  return {
    synonyms: d.synonyms.map((s) => ({ role: s.role, user: s.user.map(normalizeText), doc: s.doc })),
    domainWords: d.domainWords,
    stopWords: d.stopWords.map(normalizeText),
  }
}

/** NFKC (full-width to half-width), lower case, collapsed whitespace. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}
