// The knowledge changing under a running server (CONTRACT.md "Knowledge that knows time"): a fictional
// amendment dropped in, answers before and after its day, a future notice, a broken file while serving and at
// start-up, and removal, each picked up by the watcher within 10 seconds, without a restart.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { AMENDMENT, BASE_ID, FUTURE_NOTICE, knowledgeCopy, notice, writeDocument } from './fixtures.js'

const QUESTION = '灵活就业人员的社保补贴每个月多少钱'
const WITHIN_MS = 10_000

let t: TestApp
let dir: string

/** Polls until `check` passes, failing after the contract's 10 seconds. */
async function within<T>(what: () => Promise<T>, check: (value: T) => boolean): Promise<{ value: T; ms: number }> {
  const started = Date.now()
  for (;;) {
    const value = await what()
    if (check(value)) return { value, ms: Date.now() - started }
    if (Date.now() - started > WITHIN_MS) throw new Error(`not within ${WITHIN_MS} ms: ${JSON.stringify(value).slice(0, 400)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const ask = async (asOf?: string) => (await t.post('/api/ask', asOf ? { question: QUESTION, asOf } : { question: QUESTION })).body
const documents = async () => (await t.get('/api/documents')).body

beforeAll(async () => {
  dir = knowledgeCopy()
  // A broken file at start-up: the service starts and serves the good ones.
  writeDocument(dir, 'broken-at-start.md', notice({ id: 'test-broken', title: '（测试）', issuer: '测试', issued: '2024-01-01' }, '（一）正文。'))
  t = await startTestApp({ KNOWLEDGE_DIR: dir })
})
afterAll(async () => {
  await t.close()
  rmSync(dir.replace(/\/knowledge$/, ''), { recursive: true, force: true })
})

describe('knowledge that changes while serving', () => {
  it('starts with a broken file, listing it rejected with file, line, field and reason', async () => {
    const body = await documents()
    expect(body.documents.find((d: { file: string }) => d.file === 'broken-at-start.md')).toEqual({
      status: 'rejected',
      file: 'broken-at-start.md',
      error: 'broken-at-start.md:1: effective: required',
    })
    expect(body.documents.find((d: { id?: string }) => d.id === BASE_ID)).toMatchObject({ status: 'in_force', file: `${BASE_ID}.md`, effective: '2021-05-01' })
    expect((await ask()).answer).toContain('450元')
  })

  it('takes an amendment dropped in within 10 s: answers from it on and after its day, from the old text before', async () => {
    writeDocument(dir, 'test-subsidy-amendment.md', AMENDMENT)
    const { value } = await within(ask, (a) => a.answer.includes('500元'))
    expect(value.answer).not.toContain('450元')
    expect(value.citations[0]).toMatchObject({
      document: 'test-subsidy-amendment',
      documentTitle: '（测试用虚构文件）关于调整灵活就业人员社保补贴标准的通知',
      docNumber: '测试〔2024〕1号',
      effective: '2024-07-01',
      sectionId: '1.1',
    })
    expect(value.answer).toContain('【来源：《（测试用虚构文件）关于调整灵活就业人员社保补贴标准的通知》（测试〔2024〕1号）第一部分（一），2024年7月1日起施行】')
    expect(value.answer).toContain('（《（测试用虚构文件）关于调整灵活就业人员社保补贴标准的通知》自2024年7月1日起替代《宁波市对灵活就业人员的支持政策和主要做法》第三部分（二）的规定。）')
    const before = await ask('2024-06-30')
    expect(before.answer).toContain('450元')
    expect(before.citations[0]).toMatchObject({ document: BASE_ID, sectionId: '3.2' })
    // A past day's answer says the text has been replaced since.
    expect(before.answer).toContain('（注意：以上是2024年6月30日时的规定。《宁波市对灵活就业人员的支持政策和主要做法》第三部分（二）自2024年7月1日起已由《（测试用虚构文件）关于调整灵活就业人员社保补贴标准的通知》（测试〔2024〕1号）替代，现在请以新文件为准。）')
    expect((await ask('2024-07-01')).answer).toContain('500元')
    const listed = (await documents()).documents
    expect(listed.find((d: { id?: string }) => d.id === BASE_ID).sections.find((s: { id: string }) => s.id === '3.2').supersededBy).toBe('test-subsidy-amendment')
  })

  it('says on the eligibility result that the programme rests on a superseded section', async () => {
    const res = await t.post('/api/eligibility', { profile: { hukou: 'ningbo', workType: 'flexible' } })
    const subsidy = res.body.results.find((r: { programId: string }) => r.programId === 'flexible_social_insurance_subsidy')
    expect(subsidy.citations[0].supersededBy).toMatchObject({ document: 'test-subsidy-amendment', docNumber: '测试〔2024〕1号', effective: '2024-07-01' })
    expect(subsidy.reasons.at(-1)).toContain('已由《（测试用虚构文件）关于调整灵活就业人员社保补贴标准的通知》（测试〔2024〕1号）替代')
    const earlier = await t.post('/api/eligibility', { profile: { hukou: 'ningbo', workType: 'flexible', asOf: '2024-06-30' } })
    const then = earlier.body.results.find((r: { programId: string }) => r.programId === 'flexible_social_insurance_subsidy')
    expect(then.citations[0].supersededBy).toBeUndefined()
  })

  it('offers the programme\'s form in chat when the answer quotes the notice that replaced its section', async () => {
    const res = await t.post('/api/chat', { userId: 'worker-after-amendment', text: '我是本市户籍灵活就业人员，社保补贴每个月多少钱' })
    const text = res.body.replies.join('\n')
    expect(text).toContain('500元')
    expect(text).toMatch(/回复“申请”/)
  })

  it('does not use a notice before its day', async () => {
    writeDocument(dir, 'test-future-notice.md', FUTURE_NOTICE)
    const { value } = await within(documents, (b) => b.documents.some((d: { id?: string }) => d.id === 'test-future-notice'))
    expect(value.documents.find((d: { id?: string }) => d.id === 'test-future-notice').status).toBe('not_yet_in_force')
    const today = (await t.post('/api/ask', { question: '星际保险每月补贴多少' })).body
    expect(today.answer).not.toContain('800元')
    const then = (await t.post('/api/ask', { question: '星际保险每月补贴多少', asOf: '2099-01-01' })).body
    expect(then.answer).toContain('800元')
  })

  it('keeps the last good version of a file broken while serving, and says why it is rejected', async () => {
    writeDocument(dir, 'test-subsidy-amendment.md', AMENDMENT.replace('effective: 2024-07-01', 'effective: 2024-02-30'))
    const { value } = await within(documents, (b) => b.documents.some((d: { file: string; status: string }) => d.file === 'test-subsidy-amendment.md' && d.status === 'rejected'))
    expect(value.documents.find((d: { file: string }) => d.file === 'test-subsidy-amendment.md')).toMatchObject({
      status: 'rejected',
      serving: 'in_force',
      error: 'test-subsidy-amendment.md:7: effective: must be a real calendar date YYYY-MM-DD',
    })
    expect((await ask()).answer).toContain('500元')
  })

  it('goes back to the old text when the amendment is removed', async () => {
    rmSync(join(dir, 'documents', 'test-subsidy-amendment.md'))
    const { value } = await within(ask, (a) => a.answer.includes('450元'))
    expect(value.citations[0]).toMatchObject({ document: BASE_ID, sectionId: '3.2' })
  })

  it('keeps serving with the shipped document removed: nothing to quote, and eligibility still answers', async () => {
    rmSync(join(dir, 'documents', `${BASE_ID}.md`))
    const { value } = await within(ask, (a) => a.outOfScope === true)
    expect(value.citations).toEqual([])
    const res = await t.post('/api/eligibility', { profile: { hukou: 'ningbo', workType: 'flexible' } })
    expect(res.status).toBe(200)
    expect(res.body.results.length).toBeGreaterThan(0)
  })

  it('refuses a bad asOf', async () => {
    expect((await t.post('/api/ask', { question: QUESTION, asOf: '2024-02-30' })).body).toEqual({ error: 'asOf: must be a real date YYYY-MM-DD' })
    expect((await t.get('/api/documents?asOf=tomorrow')).status).toBe(400)
  })
})
