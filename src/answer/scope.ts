// The explicit out-of-scope gate: rules as data (knowledge/scope.yaml), checked before ranking. Scope is judged
// on the question, not on words: a rule's words refuse a message only when nothing else in it is about the
// document's domain (its anchors), except for the hard reasons (injection, another city, topics it never covers).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseKnowledgeYaml } from '../knowledge/yaml.js'
import { z } from 'zod'
import { normalizeText } from '../knowledge/dictionary.js'

const scopeSchema = z.object({
  rules: z.array(z.object({ reason: z.string().min(1), patterns: z.array(z.string().min(1)).min(1) })),
  otherPlaces: z.array(z.string().min(1)),
  placeAsOriginSuffix: z.array(z.string().min(1)),
  placeAsOriginPrefix: z.array(z.string().min(1)).default([]),
  hardReasons: z.array(z.string().min(1)).default([]),
  domainAnchors: z.array(z.string().min(1)).default([]),
})

/** What the gate found in a message. */
export interface ScopeVerdict {
  reason: string
  /** The words that matched (for the one-line note on the part not answered). */
  words: string
  /** True: the whole message is refused. False: incidental to an in-scope question, which is answered. */
  refuse: boolean
}

export interface ScopeGate {
  /** The reason a question is refused, or undefined when it is (at least partly) in scope. */
  check(question: string): string | undefined
  /** The first rule the message matches, and whether it refuses the message; undefined when none matches. */
  judge(question: string): ScopeVerdict | undefined
  /** True when the message names something the document is about. */
  anchored(question: string): boolean
}

export function loadScopeGate(dir: string, homeCity = '宁波'): ScopeGate {
  const parsed = scopeSchema.safeParse(parseKnowledgeYaml(readFileSync(join(dir, 'scope.yaml'), 'utf8')))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`knowledge/scope.yaml: ${issue.path.join('.')}: ${issue.message}`)
  }
  const data = parsed.data
  const known = new Set([...data.rules.map((r) => r.reason), 'other_place'])
  const unknown = data.hardReasons.find((r) => !known.has(r))
  if (unknown) throw new Error(`knowledge/scope.yaml: hardReasons: no rule has the reason ${unknown}`)
  const hard = new Set(data.hardReasons)
  const anchors = data.domainAnchors.map(normalizeText)
  const rules = data.rules.map((r) => ({ reason: r.reason, patterns: r.patterns.map((p) => new RegExp(p, 'i')) }))
  const origin = data.placeAsOriginSuffix.join('|')
  const before = data.placeAsOriginPrefix.join('|')
  const places = data.otherPlaces.map((p) => ({
    place: p,
    asOrigin: new RegExp(`${p}(的)?(${origin})` + (before ? `|(${before})${p}` : '')),
  }))
  const anchored = (q: string) => anchors.some((a) => q.includes(a))

  /** Every rule the message matches (its first pattern's words), in the file's order; another city last. */
  function matches(q: string): Array<{ reason: string; words: string }> {
    const found: Array<{ reason: string; words: string }> = []
    for (const rule of rules) {
      for (const p of rule.patterns) {
        const m = p.exec(q)
        if (m) {
          found.push({ reason: rule.reason, words: m[0] })
          break
        }
      }
    }
    if (!q.includes(homeCity)) {
      const place = places.find(({ place, asOrigin }) => q.includes(place) && !asOrigin.test(q))
      if (place) found.push({ reason: 'other_place', words: place.place })
    }
    return found
  }

  function judge(question: string): ScopeVerdict | undefined {
    const q = normalizeText(question)
    const found = matches(q)
    if (!found.length) return undefined
    // A hard reason anywhere refuses (上海的社保缴费基数: another city, whatever else it asks).
    const refusing = found.find((f) => hard.has(f.reason))
    if (refusing) return { ...refusing, refuse: true }
    return { ...found[0]!, refuse: !anchored(q) }
  }

  return {
    judge,
    check(question) {
      const verdict = judge(question)
      return verdict?.refuse ? verdict.reason : undefined
    },
    anchored: (question) => anchored(normalizeText(question)),
  }
}
