// The whole service in llm mode, as an operator would measure it: createApp with OPENAI_BASE_URL on a stub
// endpoint, questions over POST /api/ask, real retrieval, the real client, the guard and the answer cache.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src/app.js'
import { hang, reply, startStubOpenAI, type StubOpenAI, type StubRequest } from '../helpers/stub-openai.js'

interface DevQuestion {
  q: string
  sections?: string[]
  oos?: boolean
}

const devQuestions: DevQuestion[] = JSON.parse(
  readFileSync(new URL('../fixtures/questions.dev.json', import.meta.url), 'utf8'),
).questions

const TIMEOUT_MS = 800
let stub: StubOpenAI
let app: App
let dataDir: string

/** A well-behaved model: the first sentence of the first source it was given, verbatim, cited. */
function faithfulModel(request: StubRequest) {
  const user: string = request.body.messages.at(-1).content
  const match = /^\[(\d+(?:\.\d+)?)\] [^\n]*\n([^。]+。)/m.exec(user)
  if (!match) return reply('文件没有说明。')
  return reply(`${match[2]!.replace(/。$/, '')}[${match[1]}]。`)
}

async function ask(question: string) {
  const res = await fetch(`${app.url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as { answer: string; citations: { sectionId: string; quote: string }[]; mode: string; outOfScope: boolean }
}

beforeAll(async () => {
  stub = await startStubOpenAI()
  dataDir = mkdtempSync(path.join(tmpdir(), 'llm-app-'))
  app = createApp({
    env: {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      API_TOKEN: '',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: stub.baseURL,
      OPENAI_MODEL: 'stub-model',
      OPENAI_TIMEOUT_MS: String(TIMEOUT_MS),
    },
  })
  await app.start()
})

afterAll(async () => {
  await app.stop()
  await stub.close()
  rmSync(dataDir, { recursive: true, force: true })
})

beforeEach(() => stub.reset())

describe('llm mode through the HTTP API', () => {
  it('reports llm mode on /healthz', async () => {
    const health = await (await fetch(`${app.url}/healthz`)).json()
    expect(health.mode).toBe('llm')
    expect(health.llm).toMatchObject({ calls: expect.any(Number), fallbacks: expect.any(Object) })
  })

  it('answers every in-scope dev question with one short call, and none for out-of-scope ones', async () => {
    stub.setFallback(faithfulModel)
    let expectedCalls = 0
    for (const { q, oos } of devQuestions) {
      const before = stub.requests.length
      const answer = await ask(q)
      const calls = stub.requests.length - before
      if (answer.outOfScope) {
        expect(calls).toBe(0)
        expect(answer.mode).toBe('extractive')
        continue
      }
      if (oos) continue // retrieval let it in: its gate, not this path, decides
      expectedCalls++
      expect(calls).toBe(1)
      const body = stub.requests.at(-1)!.body
      expect(body.tools).toBeUndefined()
      expect(body.response_format).toBeUndefined()
      const promptChars = body.messages.reduce((n: number, m: { content: string }) => n + m.content.length, 0)
      expect(promptChars).toBeLessThan(3000)
      // A verbatim, cited sentence must pass the guard: no false rejections of the document's own figures.
      expect(answer.mode, q).toBe('llm')
      expect(answer.citations.length).toBeGreaterThan(0)
      expect(answer.answer).toContain('【来源：')
      expect(answer.answer).not.toMatch(/\[\d+(\.\d+)?\]/)
    }
    expect(expectedCalls).toBeGreaterThan(10)
  })

  it('serves a repeated question from the cache', async () => {
    stub.setFallback(faithfulModel)
    const first = await ask('累计举办了多少期创业沙龙')
    const second = await ask('累计举办了多少期创业沙龙？')
    expect(first.mode).toBe('llm')
    expect(second).toEqual(first)
    expect(stub.requests).toHaveLength(1)
  })

  it('falls back to the extractive answer in time when the model hangs', async () => {
    stub.setFallback(hang())
    const started = Date.now()
    const answer = await ask('2020年全市发放了多少创业担保贷款？') // not asked before: no cached answer
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 500)
    expect(stub.requests.length).toBeGreaterThan(0)
    expect(answer.mode).toBe('extractive')
    expect(answer.answer).toContain('8.05亿元')
  })
})
