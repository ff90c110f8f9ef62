// The answer's judgement of what "the document" says is judged on the documents in force, not on the shipped one:
// a later notice (fictional test data) that speaks of a topic the shipped document never covers, or states a
// detail it leaves out, is answered from, not refused nor answered with 文件没有写.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createAnswerer } from '../../src/answer/answerer.js'
import { createRetriever } from '../../src/answer/retrieve.js'
import { corpusOf } from '../../src/knowledge/corpus.js'
import { loadKnowledge } from '../../src/knowledge/index.js'
import { parsePolicyDocument } from '../../src/knowledge/parse-document.js'
import { BASE_ID, notice } from '../knowledge/fixtures.js'

const knowledge = loadKnowledge('knowledge')
const base = parsePolicyDocument(readFileSync(`knowledge/documents/${BASE_ID}.md`, 'utf8'), 'base.md')
const NOTICE = parsePolicyDocument(
  notice(
    { id: 'test-housing-fund', title: '（测试用虚构文件）关于灵活就业人员缴存住房公积金的通知', issuer: '测试用发文单位', issued: '2099-01-01', effective: '2099-01-01' },
    '一、缴存办法\n\n（一）灵活就业人员可以自愿缴存住房公积金。\n\n（二）灵活就业人员的个人缴存比例为5%至12%，按月缴存。\n\n（三）申请人携带身份证到公积金管理中心窗口办理。',
  ),
  'notice.md',
)
const texts = { referral: '请咨询当地人社部门。' }
const answererOn = (date: string) => {
  const kb = corpusOf([base, NOTICE]).on(date)
  return createAnswerer({ kb, retriever: createRetriever({ ...knowledge, kb }), texts })
}

describe('a later notice on what the shipped document never covered', () => {
  it('is answered from once in force, and refused as not covered before', async () => {
    const before = await answererOn('2098-12-31').ask('灵活就业人员能交住房公积金吗')
    expect(before.outOfScope).toBe(true)
    const after = await answererOn('2099-01-01').ask('灵活就业人员能交住房公积金吗')
    expect(after.outOfScope).toBe(false)
    expect(after.citations[0]).toMatchObject({ document: 'test-housing-fund' })
  })

  it('states the details it gives (a rate, where to go) instead of saying the document does not', async () => {
    const rate = await answererOn('2099-01-01').ask('灵活就业人员公积金个人缴存比例是多少')
    expect(rate.answer).toContain('5%至12%')
    expect(rate.answer).not.toContain('文件没有写要交多少钱')
    const where = await answererOn('2099-01-01').ask('公积金去哪个窗口办理')
    expect(where.answer).toContain('公积金管理中心窗口')
    expect(where.answer).not.toContain('文件没有写具体在哪里办理')
  })
})
