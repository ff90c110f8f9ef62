// POST /api/eligibility {profile} -> {results} (CONTRACT.md). A bad profile is a 400 naming the field, never a 500.
import type { FastifyInstance } from 'fastify'
import { evaluate } from '../../eligibility/evaluate.js'
import { parseProfile } from '../../eligibility/profile.js'
import type { Programme, SectionLookup } from '../../eligibility/types.js'

export interface EligibilityRouteDeps {
  programmes: Programme[]
  sections: SectionLookup
}

export function registerEligibilityRoute(app: FastifyInstance, deps: EligibilityRouteDeps): void {
  app.post('/api/eligibility', async (request, reply) => {
    const body = request.body
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return reply.code(400).send({ error: 'body: a JSON object {"profile": {...}} is required' })
    }
    const raw = (body as Record<string, unknown>).profile
    if (raw === undefined || raw === null) return reply.code(400).send({ error: 'profile: required' })
    const parsed = parseProfile(raw)
    if (!parsed.ok) return reply.code(400).send({ error: parsed.error })
    return { results: evaluate(deps.programmes, parsed.profile, { sections: deps.sections }) }
  })
}
