// Holds the evaluation scores where they are, so retrieval cannot silently regress.
import { describe, expect, it } from 'vitest'
import { answererFromEnv } from '../../src/cli/answerer-from-env.js'
import { loadQuestions, scoreQuestions } from '../../src/evaluation/score.js'

const answerer = answererFromEnv({})

describe('evaluation', () => {
  it('the dev set: every section, fact and out-of-scope call right', async () => {
    const s = await scoreQuestions(answerer, loadQuestions('test/fixtures/questions.dev.json'))
    expect(s.failures).toEqual([])
    expect(s.top1).toBe(1)
    expect(s.facts).toBe(1)
    expect(s.oosRecall).toBe(1)
    expect(s.oosPrecision).toBe(1)
  })

  it('the extra colloquial set holds its scores', async () => {
    const s = await scoreQuestions(answerer, loadQuestions('test/fixtures/questions.extra.json'))
    expect(s.top1).toBeGreaterThanOrEqual(0.96)
    expect(s.top3).toBeGreaterThanOrEqual(0.99)
    expect(s.facts).toBeGreaterThanOrEqual(0.95)
    expect(s.oosRecall).toBe(1)
    expect(s.oosPrecision).toBe(1)
  })

  it.each(['holdout', 'blind2'])('the %s set (written without seeing the tuning) holds its scores', async (name) => {
    const s = await scoreQuestions(answerer, loadQuestions(`test/fixtures/questions.${name}.json`))
    expect(s.top1).toBeGreaterThanOrEqual(0.96)
    expect(s.facts).toBeGreaterThanOrEqual(0.96)
    expect(s.oosRecall).toBe(1)
    expect(s.oosPrecision).toBe(1)
  })
})
