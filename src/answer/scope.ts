// The explicit out-of-scope gate: rules as data (knowledge/scope.yaml), checked before ranking.
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
})

export interface ScopeGate {
  /** The reason a question is out of scope, or undefined when the rules do not exclude it. */
  check(question: string): string | undefined
}

export function loadScopeGate(dir: string, homeCity = '宁波'): ScopeGate {
  const parsed = scopeSchema.safeParse(parseKnowledgeYaml(readFileSync(join(dir, 'scope.yaml'), 'utf8')))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`knowledge/scope.yaml: ${issue.path.join('.')}: ${issue.message}`)
  }
  const rules = parsed.data.rules.map((r) => ({ reason: r.reason, patterns: r.patterns.map((p) => new RegExp(p, 'i')) }))
  const origin = parsed.data.placeAsOriginSuffix.join('|')
  const before = parsed.data.placeAsOriginPrefix.join('|')
  const places = parsed.data.otherPlaces.map((p) => ({
    place: p,
    asOrigin: new RegExp(`${p}(的)?(${origin})` + (before ? `|(${before})${p}` : '')),
  }))
  return {
    check(question) {
      const q = normalizeText(question)
      for (const rule of rules) if (rule.patterns.some((p) => p.test(q))) return rule.reason
      if (!q.includes(homeCity)) {
        for (const { place, asOrigin } of places) {
          if (q.includes(place) && !asOrigin.test(q)) return 'other_place'
        }
      }
      return undefined
    },
  }
}
