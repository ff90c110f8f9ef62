// The sources a model answers from, on the real document and retriever: a question that asks several things
// gets a source for each ask, even one the whole question scores low.
import { describe, expect, it } from 'vitest'
import { answererFromEnv } from '../../src/cli/answerer-from-env.js'
import { selectSources } from '../../src/llm/sources.js'

const answerer = answererFromEnv({})

describe('selectSources', () => {
  it('puts each ask of a several-asks question right after the best section', () => {
    const retrieval = answerer.retrieve('快递小哥能评职称、入工会吗')
    const union = retrieval.results.find((r) => r.section.id === '5.2')!
    expect(union.score).toBeLessThan(retrieval.results[0].score * 0.5) // the whole question alone ranks it low
    expect(selectSources(retrieval, { minRelativeScore: 0.6 }).map((s) => s.id).slice(0, 2)).toEqual(['4.3', '5.2'])
  })

  it('keeps to the score order, and drops weak sections, for a question that asks one thing', () => {
    const retrieval = answerer.retrieve('跑外卖的能交工伤保险吗')
    expect(retrieval.alsoAsked).toBeUndefined()
    const ids = selectSources(retrieval).map((s) => s.id)
    expect(ids[0]).toBe('3.1')
    const top = retrieval.results[0].score
    for (const id of ids) expect(retrieval.results.find((r) => r.section.id === id)!.score).toBeGreaterThanOrEqual(top * 0.3)
  })
})
