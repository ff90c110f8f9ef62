import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'

let t: TestApp

beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('HTTP: /healthz and /api/ask', () => {
  it('is healthy once started', async () => {
    const res = await t.get('/healthz')
    expect(res.status).toBe(200)
    expect(res.body.ok).toBe(true)
  })

  it('answers in the contract shape', async () => {
    const res = await t.post('/api/ask', { question: '网约车平台专职司机买车贷款有贴息吗？' })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body).sort()).toEqual(['answer', 'citations', 'confidence', 'mode', 'outOfScope'])
    expect(res.body.mode).toBe('extractive')
    expect(res.body.outOfScope).toBe(false)
    expect(res.body.citations[0]).toMatchObject({
      document: 'ningbo-flexible-employment-2021',
      documentTitle: '宁波市对灵活就业人员的支持政策和主要做法',
      effective: '2021-05-01',
      sectionId: '2.1',
      title: '强化资金支持',
    })
    expect(res.body.citations[0].quote).toContain('贴息')
    expect(res.body.answer).toContain('贴息')
  })

  it('marks an out-of-scope question', async () => {
    const res = await t.post('/api/ask', { question: '明天会下雨吗' })
    expect(res.status).toBe(200)
    expect(res.body.outOfScope).toBe(true)
    expect(res.body.citations).toEqual([])
  })

  it.each([
    ['no body', undefined, /body/],
    ['not JSON', '{bad', /JSON/],
    ['an array', [], /object/],
    ['no question', {}, /question: required/],
    ['a number', { question: 5 }, /question: must be a string/],
    ['empty', { question: '   ' }, /question: must not be empty/],
    ['too long', { question: '问'.repeat(1001) }, /at most 1000/],
  ])('refuses %s with a 4xx naming the problem', async (_name, body, message) => {
    const res = await t.post('/api/ask', body ?? '')
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(res.body.error).toMatch(message)
  })

  it('refuses a body over the size limit with 400 (a bad body, as the contract says)', async () => {
    const res = await t.post('/api/ask', { question: 'x'.repeat(70_000) })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatch(/larger than/)
  })

  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.get('/api/nope')
    expect(res.status).toBe(404)
    expect(res.body.error).toMatch(/no route/)
  })
})
