// A KNOWLEDGE_DIR holding only documents/ (an office's own policy documents) serves them with the shipped data
// files (dictionary, programmes, forms…). The notice is fictional test data (fixtures.ts).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { AMENDMENT, BASE_ID, writeDocument } from './fixtures.js'

let t: TestApp
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'documents-only-'))
  mkdirSync(join(dir, 'documents'))
  copyFileSync(`knowledge/documents/${BASE_ID}.md`, join(dir, 'documents', `${BASE_ID}.md`))
  writeDocument(dir, 'amendment.md', AMENDMENT)
  t = await startTestApp({ KNOWLEDGE_DIR: dir })
})
afterAll(async () => {
  await t.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a knowledge directory of documents only', () => {
  it('answers from its documents, checks eligibility and runs forms with the shipped data', async () => {
    const answer = (await t.post('/api/ask', { question: '灵活就业人员的社保补贴每个月多少钱' })).body
    expect(answer.citations[0]).toMatchObject({ document: 'test-subsidy-amendment', sectionId: '1.1' })
    const eligibility = await t.post('/api/eligibility', { profile: { workType: 'flexible' } })
    expect(eligibility.status).toBe(200)
    const chat = await t.post('/api/chat', { userId: 'documents-only', text: '我想加入工会' })
    expect(chat.body.form).toBe('union_membership')
  })
})
