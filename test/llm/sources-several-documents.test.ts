// Sources from several documents in one prompt (fictional test data): ids stay unambiguous to the model, and
// the grounding guard reads the ids a model cites, four levels deep and document-numbered.
import { describe, expect, it } from 'vitest'
import { check, citedIds } from '../../src/answer/grounding.js'
import type { Retrieval } from '../../src/answer/types.js'
import { selectSources } from '../../src/llm/sources.js'
import { parsePolicyDocument } from '../../src/knowledge/parse-document.js'
import { notice } from '../knowledge/fixtures.js'

const front = (id: string) => ({ id, title: `（测试用虚构文件）${id}`, issuer: '测试', issued: '2099-01-01', effective: '2099-01-01' })
const first = parsePolicyDocument(notice(front('test-first'), '一、甲\n\n（一）灵活就业人员每人每月补贴500元。'), 'a.md')
const second = parsePolicyDocument(notice(front('test-second'), '一、乙\n\n（一）灵活就业人员每人每年培训补贴800元。\n\n1. 细则。培训满30天的补贴800元。'), 'b.md')
const section = (doc: typeof first, id: string) => doc.sections.find((s) => s.id === id)!
const result = (s: ReturnType<typeof section>, score: number) => ({ section: s, score, sentences: s.sentences.map((text, index) => ({ text, index, score })) })

describe('sources from several documents', () => {
  const retrieval: Retrieval = {
    question: '补贴多少钱',
    results: [result(section(first, '1.1'), 10), result(section(second, '1.1'), 9), result(section(second, '1.1.1'), 8)],
    outOfScope: false,
    confidence: 0.9,
  }
  const sources = selectSources(retrieval)

  it('numbers a section whose id another document\'s section shares with its document\'s place', () => {
    expect(sources.map((s) => s.id)).toEqual(['1.1', '2:1.1', '1.1.1'])
    expect(sources[1]!.text.startsWith('[2:1.1] ')).toBe(true)
  })

  it('reads the ids a model cites, document-numbered and four levels deep', () => {
    expect(citedIds('每月500元[1.1]，每年800元【2:1.1】，满30天[1.1.1]。')).toEqual(['1.1', '2:1.1', '1.1.1'])
    const verdict = check('每年培训补贴800元[2:1.1]。', sources, '')
    expect(verdict).toEqual({ ok: true, usedIds: ['2:1.1'] })
    expect(check('每年培训补贴900元[2:1.1]。', sources, '')).toMatchObject({ ok: false })
  })
})
