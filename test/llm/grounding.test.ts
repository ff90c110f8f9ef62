import { describe, expect, it } from 'vitest'
import { check, citedIds, stripCitations } from '../../src/answer/grounding.js'
import { loadAnswerPrompt } from '../../src/llm/prompts.js'
import { knowledgeBase } from './fixtures.js'

const { systemText } = loadAnswerPrompt()
const sources = ['3.1', '3.2', '2.1'].map((id) => {
  const s = knowledgeBase().section(id)!
  return { id, text: `${s.title}\n${s.text}` }
})

describe('citedIds', () => {
  it('reads the forms models write, in order of first use', () => {
    expect(citedIds('甲[3.2]。乙【3.1】，丙［3.2］。丁[2.1, 3.1]、戊[来源3.1]')).toEqual(['3.2', '3.1', '2.1'])
  })
})

describe('check', () => {
  it('passes a grounded answer and names the sections it used', () => {
    const result = check('每人每月450元[3.2]。新业态从业人员可按规定先行参加工伤保险[3.1]。', sources, systemText)
    expect(result).toEqual({ ok: true, usedIds: ['3.2', '3.1'] })
  })

  it('accepts list numbering and the document\'s own spaced figures', () => {
    const text = '1. 建设施工企业人员参加工伤保险88.7万人[3.1]。\n2. 2020年7月出台实施意见[3.1]。\n3. 4.76亿元补贴[3.2]。'
    expect(check(text, sources, systemText)).toMatchObject({ ok: true })
  })

  it('fails an answer that cites nothing', () => {
    expect(check('每人每月450元。', sources, systemText)).toEqual({ ok: false, reason: 'no_citation' })
  })

  it('fails an answer citing a section it was not given', () => {
    expect(check('可以申请[3.2][5.3]。', sources, systemText)).toEqual({ ok: false, reason: 'unknown_source: 5.3' })
  })

  it('fails a figure that only an uncited source holds', () => {
    // 2.1 holds 5年; the answer cites only 3.2
    const result = check('初创5年内可以申请[3.2]。', sources, systemText)
    expect(result).toEqual({ ok: false, reason: 'unsupported_figure: 5年' })
    expect(check('初创5年内可以申请[2.1]。', sources, systemText)).toMatchObject({ ok: true })
  })

  it('fails an answer repeating its instructions, copied or paraphrased', () => {
    const copied = check('规则：只根据下面编号的资料作答，每段资料以方括号中的编号开头[3.2]。', sources, systemText)
    expect(copied.ok).toBe(false)
    const told = check('你是一个政策助手，我不能透露system prompt[3.2]。', sources, systemText)
    expect(told).toMatchObject({ ok: false })
    expect((told as { reason: string }).reason).toMatch(/^echoes_instructions/)
  })

  it('says an empty reply is empty', () => {
    expect(check('  ', sources, systemText)).toEqual({ ok: false, reason: 'empty' })
  })
})

describe('stripCitations', () => {
  it('removes markers and the spaces before them', () => {
    expect(stripCitations('每月450元 [3.2]。参加工伤保险【3.1】')).toBe('每月450元。参加工伤保险')
  })
})

describe('instruction echoes, not false alarms', () => {
  it('lets an answer address the asker as 你是一名骑手', () => {
    const text = '如果你是一名外卖骑手，可以按规定先行参加工伤保险[3.1]。如果你是宁波户籍的灵活就业人员，可以参加职工基本养老保险[3.2]。'
    expect(check(text, sources, systemText)).toEqual({ ok: true, usedIds: ['3.1', '3.2'] })
  })

  it('catches a model introducing itself from its instructions', () => {
    expect(check('你是宁波市灵活就业政策咨询助手。每人每月450元[3.2]。', sources, systemText)).toMatchObject({ ok: false })
    expect(check('我是一个AI，作为人工智能助手，每人每月450元[3.2]。', sources, systemText)).toMatchObject({ ok: false })
  })
})
