// Dated documents (CONTRACT.md "Knowledge that knows time"): front matter, section ids at any depth, what is in
// force on a day, and the corpus's rejected files. The notices are fictional test data (fixtures.ts).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { corpusOf, loadCorpus } from '../../src/knowledge/corpus.js'
import { parsePolicyDocument } from '../../src/knowledge/parse-document.js'
import { AMENDMENT, BASE_ID, FUTURE_NOTICE, knowledgeCopy, notice, writeDocument } from './fixtures.js'

const base = parsePolicyDocument(readFileSync(`knowledge/documents/${BASE_ID}.md`, 'utf8'), `${BASE_ID}.md`)
const amendment = parsePolicyDocument(AMENDMENT, 'amendment.md')
const future = parsePolicyDocument(FUTURE_NOTICE, 'future.md')
const FRONT = { id: 'test-x', title: '（测试）', issuer: '测试', issued: '2024-01-01', effective: '2024-01-01' }

describe('a document file', () => {
  it('takes its section ids from its own numbering, four levels deep', () => {
    const doc = parsePolicyDocument(
      notice(FRONT, '前言。\n\n一、第一部分\n\n开头。\n\n（一）第一项。正文一。\n\n1. 第一条。正文二。\n\n（1）第一款。正文三。\n\n（2）第二款。正文四。\n\n2. 第二条。正文五。\n\n（二）第二项。正文六。\n\n二、第二部分\n\n（一）另一项。正文七。'),
      'deep.md',
    )
    expect(doc.sections.map((s) => s.id)).toEqual(['0', '1', '1.1', '1.1.1', '1.1.1.1', '1.1.1.2', '1.1.2', '1.2', '2.1'])
    expect(doc.sections.find((s) => s.id === '1.1.1.2')).toMatchObject({ title: '第二款', text: '正文四。', label: '第一部分（一）1.（2）' })
    // A heading without text of its own is listed, not answered from.
    expect(doc.outline.map((o) => o.id)).toContain('2')
  })

  it('keeps the shipped document\'s ids and labels', () => {
    expect(base.sections.map((s) => s.id)).toEqual(['0', '1', '2', '2.1', '2.2', '2.3', '3', '3.1', '3.2', '3.3', '4', '4.1', '4.2', '4.3', '5', '5.1', '5.2', '5.3'])
    expect(base).toMatchObject({ effective: '2021-05-01', datesStated: false, figuresAsOf: '2021-04' })
    expect(base.sections.find((s) => s.id === '3.2')?.label).toBe('第三部分（二）')
  })

  it('is rejected with file, line, field and reason', () => {
    const bad = (front: Record<string, string>, extra?: string) => () => parsePolicyDocument(notice(front, '（一）正文。', extra), 'bad.md')
    expect(bad({ ...FRONT, effective: '2024-02-30' })).toThrow('bad.md:6: effective: must be a real calendar date YYYY-MM-DD')
    const { issuer: _, ...noIssuer } = FRONT
    expect(bad(noIssuer)).toThrow(/^bad\.md:1: issuer: required$/)
    expect(bad({ ...FRONT, efective: '2024-01-01' })).toThrow('bad.md:7: efective: unknown field')
    expect(bad({ ...FRONT, expires: '2023-12-31' })).toThrow('bad.md:7: expires: is before effective (2024-01-01)')
    expect(bad(FRONT, 'supersedes:\n  - sections: [3.2]')).toThrow(/^bad\.md:8: supersedes\.0\.document: /)
    expect(bad(FRONT, 'title: [unclosed')).toThrow(/^bad\.md:\d+: front matter: not valid YAML/)
    expect(() => parsePolicyDocument('# 标题\n\n正文。', 'bad.md')).toThrow('bad.md:1: front matter: missing')
    expect(() => parsePolicyDocument(notice(FRONT, '（一）甲。\n\n（一）乙。'), 'bad.md')).toThrow('bad.md:11: sections: section 1 (（一）) appears twice (first on line 9)')
  })
})

describe('what is in force on a day', () => {
  const corpus = corpusOf([base, amendment, future])

  it('uses a section until the notice superseding it takes effect, then the notice', () => {
    const before = corpus.on('2024-06-30')
    expect(before.section('3.2', BASE_ID)?.text).toContain('450元')
    expect(before.documents.map((d) => d.id)).toEqual([BASE_ID])
    const after = corpus.on('2024-07-01')
    expect(after.section('3.2', BASE_ID)).toBeUndefined()
    expect(after.section('3.1', BASE_ID)).toBeDefined()
    expect(after.section('1.1', 'test-subsidy-amendment')?.text).toContain('500元')
    expect(after.sections.some((s) => s.text.includes('450元'))).toBe(false)
    expect(after.version).not.toBe(before.version)
  })

  it('does not use a notice before its day, nor a document after it expires', () => {
    expect(corpus.on('2026-12-06').documents.map((d) => d.id)).not.toContain('test-future-notice')
    expect(corpus.on('2099-01-01').documents.map((d) => d.id)).toContain('test-future-notice')
    const expiring = parsePolicyDocument(notice({ ...FRONT, expires: '2024-12-31' }, '（一）正文。'), 'e.md')
    const c = corpusOf([base, expiring])
    expect(c.on('2024-12-31').documents.map((d) => d.id)).toContain('test-x')
    expect(c.on('2025-01-01').documents.map((d) => d.id)).not.toContain('test-x')
    expect(c.list('2025-01-01').find((d) => d.id === 'test-x')?.status).toBe('expired')
  })

  it('lists each document\'s status and superseded sections; whole supersession is "superseded"', () => {
    const listed = corpus.list('2024-07-01')
    expect(listed.map((d) => [d.id, d.status])).toEqual([[BASE_ID, 'in_force'], ['test-subsidy-amendment', 'in_force'], ['test-future-notice', 'not_yet_in_force']])
    expect(listed[0]!.sections!.find((s) => s.id === '3.2')).toEqual({ id: '3.2', title: '将灵活就业人员纳入职工养老和职工医疗保险制度', supersededBy: 'test-subsidy-amendment' })
    const whole = parsePolicyDocument(notice(FRONT, '（一）正文。', `supersedes:\n  - document: ${BASE_ID}`), 'w.md')
    const c = corpusOf([base, whole])
    expect(c.list('2024-01-01')[0]!.status).toBe('superseded')
    expect(c.on('2024-01-01').documents.map((d) => d.id)).toEqual(['test-x'])
  })

  it('warns about a supersession of a document that is not loaded, and applies it once it is', () => {
    const alone = corpusOf([amendment])
    expect(alone.warnings[0]).toMatch(/supersedes ningbo-flexible-employment-2021, which is not loaded/)
  })
})

describe('a directory of documents', () => {
  it('rejects a bad file and a duplicate id by themselves, and keeps a file\'s last good version', () => {
    const dir = `${knowledgeCopy()}/documents`
    writeDocument(dir.replace(/\/documents$/, ''), 'amendment.md', AMENDMENT)
    writeDocument(dir.replace(/\/documents$/, ''), 'broken.md', notice({ ...FRONT, effective: '2024-13-01' }, '（一）正文。'))
    writeDocument(dir.replace(/\/documents$/, ''), 'twin.md', AMENDMENT)
    const first = loadCorpus(dir)
    expect(first.documents.map((d) => d.id)).toEqual(['test-subsidy-amendment', BASE_ID])
    const rows = first.list('2024-07-01')
    expect(rows.find((r) => r.file === 'broken.md')).toEqual({ status: 'rejected', file: 'broken.md', error: 'broken.md:6: effective: must be a real calendar date YYYY-MM-DD' })
    expect(rows.find((r) => r.file === 'twin.md')?.error).toBe('twin.md:2: id: test-subsidy-amendment is already used by amendment.md')

    writeDocument(dir.replace(/\/documents$/, ''), 'amendment.md', AMENDMENT.replace('effective: 2024-07-01', 'effective: someday'))
    const second = loadCorpus(dir, first)
    const row = second.list('2024-07-01').find((r) => r.file === 'amendment.md')!
    expect(row).toMatchObject({ status: 'rejected', serving: 'in_force', id: 'test-subsidy-amendment' })
    expect(row.error).toMatch(/^amendment\.md:7: effective: /)
    expect(second.on('2024-07-01').section('1.1', 'test-subsidy-amendment')?.text).toContain('500元')
  })
})
