import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadKnowledgeBase } from '../../src/knowledge/load.js'
import { parsePolicyDocument } from '../../src/knowledge/parse-document.js'

const kb = loadKnowledgeBase('knowledge')
const doc = kb.documents[0]

describe('the cleaned policy document', () => {
  it('says exactly what the source says: only whitespace, ** and heading marks differ', () => {
    const strip = (s: string) => s.replace(/\*\*|#+|\s+/g, '')
    const source = readFileSync('knowledge/sources/policy-source.txt', 'utf8')
    const cleaned = readFileSync('knowledge/documents/ningbo-flexible-employment-2021.md', 'utf8').replace(/^---[\s\S]*?---\n/, '')
    expect(strip(cleaned)).toBe(strip(source))
  })

  it('is the only document loaded: the source it was cleaned from (knowledge/sources/) is not one', () => {
    expect(kb.documents.map((d) => d.id)).toEqual(['ningbo-flexible-employment-2021'])
  })

  it('has no PDF damage left: no stray ** and no word broken across paragraphs', () => {
    const all = kb.sections.map((s) => s.text).join('\n')
    expect(all).not.toContain('**')
    expect(all).toContain('职工养老、医疗保险政策')
    expect(all).toContain('职业技能水平')
    expect(all).toContain('八大群体入会，组建')
    expect(all).toContain('88.7万人')
  })

  it('carries its metadata and a content version', () => {
    expect(doc.title).toBe('宁波市对灵活就业人员的支持政策和主要做法')
    expect(doc.city).toBe('宁波')
    expect(doc.figuresAsOf).toBe('2021-04')
    expect(doc.version).toMatch(/^[0-9a-f]{12}$/)
  })

  it('is split into the addressed sections of the contract', () => {
    expect(doc.sections.map((s) => s.id)).toEqual([
      '0', '1', '2', '2.1', '2.2', '2.3', '3', '3.1', '3.2', '3.3', '4', '4.1', '4.2', '4.3', '5', '5.1', '5.2', '5.3',
    ])
    expect(kb.section('3.1')?.title).toBe('探索推进工伤保险向灵活就业人员覆盖')
    expect(kb.section('3.2')?.text).toContain('450元')
    // A part's own id covers only its opening paragraph, not its items.
    expect(kb.section('3')?.text).not.toContain('450元')
    expect(kb.section('5.3')?.label).toBe('第五部分（三）')
  })

  it('changes version when the text changes, and rejects a document without front matter', () => {
    const raw = readFileSync('knowledge/documents/ningbo-flexible-employment-2021.md', 'utf8')
    const changed = parsePolicyDocument(raw.replace('450元', '460元'), 'x.md')
    expect(changed.version).not.toBe(doc.version)
    expect(() => parsePolicyDocument('# 标题\n\n正文。', 'bad.md')).toThrow(/front matter/)
  })
})
