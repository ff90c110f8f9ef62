// The job-word table (knowledge/industries.yaml): a worker's own words for their work -> the profile's industry,
// and what the words also say (送外卖 is platform work). Loaded once, on first use, and validated.
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { INDUSTRIES, WORK_TYPES } from '../../eligibility/profile.js'
import { parseKnowledgeYaml } from '../../knowledge/yaml.js'
import { projectPath } from '../../paths.js'
import { escapeRegExp } from './text.js'

export type Industry = (typeof INDUSTRIES)[number]

const word = z.string().trim().min(1)
const fileSchema = z.strictObject({
  notFollowedBy: z.array(word).default([]),
  notAfter: z.array(word).default([]),
  groups: z.array(z.strictObject({
    industry: z.enum(INDUSTRIES),
    implies: z.strictObject({ workType: z.enum(WORK_TYPES).optional() }).optional(),
    words: z.array(word).min(1),
  })).min(1),
})

export interface JobWord {
  word: string
  industry: Industry
  implies: { workType?: (typeof WORK_TYPES)[number] }
}

export interface JobHit extends JobWord {
  index: number
}

interface Table {
  words: Map<string, JobWord>
  /** Every word, longest first, upper-cased (T3出行 matches t3出行). */
  pattern: RegExp
  notFollowedBy: string[]
  notAfter: string[]
}

let table: Table | undefined

/** Parses and checks a job-word table; throws naming the file and the problem. */
export function parseJobWords(source: string, fileName = 'industries.yaml'): Table {
  const parsed = fileSchema.safeParse(parseKnowledgeYaml(source))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`${fileName}: ${issue.path.join('.')}: ${issue.message}`)
  }
  const words = new Map<string, JobWord>()
  for (const group of parsed.data.groups) {
    for (const w of group.words) {
      const key = w.normalize('NFKC').toUpperCase()
      if (words.has(key)) throw new Error(`${fileName}: the word ${w} is listed twice`)
      words.set(key, { word: w, industry: group.industry, implies: group.implies ?? {} })
    }
  }
  const sorted = [...words.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp)
  return { words, pattern: new RegExp(sorted.join('|'), 'g'), notFollowedBy: parsed.data.notFollowedBy, notAfter: parsed.data.notAfter }
}

function loaded(): Table {
  return (table ??= parseJobWords(readFileSync(projectPath('knowledge', 'industries.yaml'), 'utf8'), 'knowledge/industries.yaml'))
}

/** How many words the table holds (the table is tested to hold at least 40). */
export function jobWordCount(): number {
  return loaded().words.size
}

/**
 * Every job word in the text, left to right (the longest where several start at one place), skipping words
 * denied (不是送外卖的) or used as part of a programme's name (养老保险, 快递行业工会).
 */
export function matchJobs(text: string): JobHit[] {
  const t = text.normalize('NFKC').toUpperCase()
  const { words, pattern, notFollowedBy, notAfter } = loaded()
  const hits: JobHit[] = []
  pattern.lastIndex = 0
  for (let m = pattern.exec(t); m; m = pattern.exec(t)) {
    const after = t.slice(m.index + m[0].length)
    const before = t.slice(Math.max(0, m.index - 3), m.index)
    if (notFollowedBy.some((w) => after.startsWith(w)) || notAfter.some((w) => before.endsWith(w))) continue
    hits.push({ ...words.get(m[0])!, index: m.index })
  }
  return hits
}

/** The job named in the text: the first of matchJobs(), or null. */
export function matchJob(text: string): JobHit | null {
  return matchJobs(text)[0] ?? null
}
