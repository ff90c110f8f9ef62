// Runs knowledge/programmes.cases.yaml: every case's expected status (and missing fields) per programme.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { evaluate } from '../../src/eligibility/evaluate.js'
import { CONTRACT_PROGRAMME_IDS } from '../../src/eligibility/programmes.js'
import { ProfileSchema } from '../../src/eligibility/profile.js'
import { reachableStatuses } from '../../src/eligibility/reachable.js'
import { eligibility, KNOWLEDGE_DIR } from './knowledge.js'

const status = z.enum(['eligible', 'likely_eligible', 'ineligible', 'needs_info', 'not_covered'])
const CaseFileSchema = z.strictObject({
  cases: z.array(z.strictObject({
    name: z.string().min(1),
    asOf: z.string().optional(),
    profile: ProfileSchema,
    expect: z.record(z.string(), z.union([status, z.strictObject({ status, missing: z.array(z.string()).optional() })])),
  })).min(1),
})

const file = CaseFileSchema.parse(parseYaml(readFileSync(join(KNOWLEDGE_DIR, 'programmes.cases.yaml'), 'utf8')))
const programmeIds = eligibility.programmes.map((p) => p.id)

describe('knowledge/programmes.cases.yaml', () => {
  it('names only programmes that exist, and every status a programme can give has a case', () => {
    const statuses = new Map<string, Set<string>>()
    for (const c of file.cases) {
      for (const [id, want] of Object.entries(c.expect)) {
        expect(programmeIds, `case "${c.name}" names unknown programme ${id}`).toContain(id)
        const s = statuses.get(id) ?? new Set<string>()
        s.add(typeof want === 'string' ? want : want.status)
        statuses.set(id, s)
      }
    }
    for (const programme of eligibility.programmes) {
      const reachable = [...reachableStatuses(programme)].sort()
      expect(reachable.length, programme.id).toBeGreaterThanOrEqual(2)
      expect(reachable.filter((s) => !statuses.get(programme.id)?.has(s)), `${programme.id}: statuses without a case`).toEqual([])
    }
  })

  it('programmes.yaml holds the fourteen contract programmes in contract order', () => {
    expect(programmeIds).toEqual([...CONTRACT_PROGRAMME_IDS])
  })

  for (const c of file.cases) {
    it(c.name, () => {
      const results = evaluate(eligibility.programmes, c.profile, { sections: eligibility.sections, asOf: c.asOf })
      for (const [id, want] of Object.entries(c.expect)) {
        const got = results.find((r) => r.programId === id)
        const expected = typeof want === 'string' ? { status: want, missing: [] } : { status: want.status, missing: want.missing ?? [] }
        expect({ id, status: got?.status, missing: [...(got?.missing ?? [])].sort() })
          .toEqual({ id, status: expected.status, missing: [...expected.missing].sort() })
      }
    })
  }
})
