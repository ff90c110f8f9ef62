// POST /api/eligibility on a real Fastify server over loopback: the contract's shape and its 400s.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerEligibilityRoute } from '../../src/channels/http/eligibility-route.js'
import { createHttpServer } from '../../src/channels/http/server.js'
import { createLogger } from '../../src/logger.js'
import { eligibility } from './knowledge.js'

let app: FastifyInstance
let base = ''

beforeAll(async () => {
  app = createHttpServer({ logger: createLogger('silent') })
  registerEligibilityRoute(app, { programmes: eligibility.programmes, sections: eligibility.sections })
  base = await app.listen({ host: '127.0.0.1', port: 0 })
})
afterAll(async () => {
  await app.close()
})

const post = (body: string, contentType = 'application/json') =>
  fetch(`${base}/api/eligibility`, { method: 'POST', headers: { 'content-type': contentType }, body })

describe('POST /api/eligibility', () => {
  it('answers every programme with status, reasons, missing and citations', async () => {
    const res = await post(JSON.stringify({ profile: { asOf: '2026-03-01', hukou: 'ningbo', workType: 'flexible', industry: 'food_delivery' } }))
    expect(res.status).toBe(200)
    const { results } = await res.json() as { results: Array<Record<string, unknown>> }
    expect(results).toHaveLength(14)
    expect(Object.keys(results[0])).toEqual(['programId', 'name', 'status', 'reasons', 'missing', 'citations'])
    const injury = results.find((r) => r.programId === 'new_forms_work_injury_insurance')!
    expect(injury).toMatchObject({ status: 'likely_eligible', missing: [], citations: [{ sectionId: '3.1' }] })
    const pension = results.find((r) => r.programId === 'employee_pension_insurance')!
    expect(pension.status).toBe('eligible')
  })

  it('gives byte-identical bodies for the same request', async () => {
    const body = JSON.stringify({ profile: { asOf: '2026-03-01', startedBusiness: true, businessStartDate: '2023-03-01' } })
    const [a, b] = await Promise.all([post(body).then((r) => r.text()), post(body).then((r) => r.text())])
    expect(a).toBe(b)
    expect(JSON.parse(a).results[0]).toMatchObject({ status: 'needs_info', missing: ['businessLocation'] })
  })

  it('refuses bad bodies with 400 {error} naming the field', async () => {
    const cases: Array<[string, RegExp]> = [
      [JSON.stringify({ profile: { businessStartDate: '2023-02-30' } }), /^profile\.businessStartDate: must be a real date YYYY-MM-DD$/],
      [JSON.stringify({ profile: { hukou: 'beijing' } }), /^profile\.hukou: must be one of ningbo, other$/],
      [JSON.stringify({ profile: { wageArrears: 'yes' } }), /^profile\.wageArrears: must be true or false$/],
      [JSON.stringify({ profile: { nickname: 'x' } }), /^profile\.nickname: unknown field$/],
      [JSON.stringify({ profile: 'ningbo' }), /^profile: must be an object$/],
      [JSON.stringify({}), /^profile: required$/],
      [JSON.stringify([1]), /^body:/],
      ['{"profile": {', /^body:/],
      ['', /^body:/],
    ]
    for (const [body, message] of cases) {
      const res = await post(body)
      expect(res.status, body).toBe(400)
      expect((await res.json() as { error: string }).error, body).toMatch(message)
    }
  })
})
