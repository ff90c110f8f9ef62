// The LLM path end to end: the real ChatOpenAI client over real HTTP against a scripted stub endpoint.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createAnswerCache } from '../../src/answer/answer-cache.js'
import { createCircuitBreaker } from '../../src/answer/circuit-breaker.js'
import { createLlmAnswerer, type LlmAnswerer } from '../../src/answer/llm-answerer.js'
import type { Answer } from '../../src/answer/types.js'
import { createChatModel } from '../../src/llm/model.js'
import { loadAnswerPrompt } from '../../src/llm/prompts.js'
import { createLogger } from '../../src/logger.js'
import { sqliteKeyv } from '../../src/storage/keyv-sqlite-store.js'
import { openDatabase } from '../../src/storage/sqlite.js'
import { garbage, hang, reply, startStubOpenAI, status, type StubOpenAI } from '../helpers/stub-openai.js'
import { extractiveFor, knowledgeBase, retrievalOf, texts } from './fixtures.js'

const TIMEOUT_MS = 800
const MODEL = 'stub-model'

let stub: StubOpenAI
let dataDir: string
let db: ReturnType<typeof openDatabase>
let logLines: any[]

const logger = createLogger(
  'info',
  new Writable({
    write(chunk, _enc, done) {
      logLines.push(JSON.parse(String(chunk)))
      done()
    },
  }) as any,
)

beforeAll(async () => {
  stub = await startStubOpenAI()
  dataDir = mkdtempSync(path.join(tmpdir(), 'llm-test-'))
  db = openDatabase(dataDir)
})

afterAll(async () => {
  await stub.close()
  db.close()
  rmSync(dataDir, { recursive: true, force: true })
})

beforeEach(() => {
  stub.reset()
  logLines = []
})

function answerer(overrides: { maxRetries?: number; cacheNamespace?: string; breaker?: ReturnType<typeof createCircuitBreaker> } = {}): LlmAnswerer {
  const model = createChatModel(
    { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.baseURL, OPENAI_MODEL: MODEL, OPENAI_TIMEOUT_MS: TIMEOUT_MS },
    { maxRetries: overrides.maxRetries ?? 1 },
  )
  if (!model) throw new Error('expected a model')
  const cache = overrides.cacheNamespace ? createAnswerCache(sqliteKeyv<Answer>(db, overrides.cacheNamespace).keyv) : null
  return createLlmAnswerer({
    model,
    logger,
    cache,
    texts,
    modelName: MODEL,
    timeoutMs: TIMEOUT_MS,
    breaker: overrides.breaker,
  })
}

const subsidyQuestion = () => retrievalOf('灵活就业社保补贴每月多少钱？', [
  { id: '3.2', hint: '450' },
  { id: '3.1', hint: '工伤保险' },
])

const GROUNDED = '符合条件的灵活就业人员可以领取社保补贴，每人每月450元[3.2]。2020年全市共发放补贴4.76亿元，惠及6.17万人[3.2]。'

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now()
  const value = await work
  return { value, ms: Date.now() - started }
}

describe('a grounded answer', () => {
  it('is used, worded by the model, with the citations it used and their quotes', async () => {
    stub.enqueue(reply(GROUNDED, 321, 54))
    const llm = answerer()
    const retrieval = subsidyQuestion()
    const answer = await llm.answer(retrieval, extractiveFor(retrieval))

    expect(answer.mode).toBe('llm')
    expect(answer.outOfScope).toBe(false)
    expect(answer.answer).toContain('每人每月450元')
    expect(answer.answer).not.toMatch(/\[3\.2\]/) // markers become 来源 lines
    expect(answer.answer).toContain('【来源：《宁波市对灵活就业人员的支持政策和主要做法》第三部分（二）】')
    expect(answer.answer).toContain('（文件中的数据截至2021年4月。）')
    expect(answer.answer).not.toContain('第三部分（一）') // 3.1 was given but not cited
    expect(answer.citations.map((c) => c.sectionId)).toEqual(['3.2'])
    expect(answer.citations[0]!.quote).toContain('每人每月450元的社保补贴')
    expect(answer.citations[0]!.quote).toContain('4.76亿元')

    expect(stub.requests).toHaveLength(1)
    const usage = llm.usage()
    expect(usage).toMatchObject({ calls: 1, inputTokens: 321, outputTokens: 54, llmAnswers: 1 })
    expect(logLines.find((l) => l.llm === 'answer')).toMatchObject({ inputTokens: 321, outputTokens: 54, cited: ['3.2'] })
  })

  it("answers in the worker's language with one call, the direct line first, and still checks every figure in it", async () => {
    const english = () => retrievalOf('Can food delivery riders join work injury insurance?', [{ id: '3.1', hint: '网络送餐' }])
    stub.enqueue(reply('Yes: food-delivery riders, as workers in new forms of employment, may join work-injury insurance as the rules provide [3.1].'))
    const llm = answerer()
    const answer = await llm.answer(english(), extractiveFor(english()))
    expect(answer.mode).toBe('llm')
    expect(answer.answer.split('\n')[0]).toMatch(/^Yes: food-delivery riders/)
    expect(answer.citations.map((c) => c.sectionId)).toEqual(['3.1'])
    expect(stub.requests).toHaveLength(1)
    const system = stub.requests[0]!.body.messages[0].content as string
    expect(system).toContain('第一句直接回答所问的事')
    expect(system).toContain('英文问题全部用英文回答')

    // A figure the document does not have, in the direct line itself: the quoted answer is served instead.
    stub.enqueue(reply('Yes, and it costs only 100 yuan a month [3.1].'))
    const guarded = await llm.answer(english(), extractiveFor(english()))
    expect(guarded.mode).toBe('extractive')
    expect(guarded.answer).not.toContain('100 yuan')
  })

  it('sends one plain chat completion: no tools, no response_format, only the retrieved sources, a short prompt', async () => {
    stub.enqueue(reply(GROUNDED))
    const llm = answerer()
    const retrieval = subsidyQuestion()
    await llm.answer(retrieval, extractiveFor(retrieval))

    expect(stub.requests).toHaveLength(1)
    const { body, path: url } = stub.requests[0]!
    expect(url).toBe('/v1/chat/completions')
    expect(body.model).toBe(MODEL)
    expect(body.temperature).toBe(0)
    expect(body.stream).toBeFalsy()
    expect(body.tools).toBeUndefined()
    expect(body.response_format).toBeUndefined()
    expect(body.messages.map((m: any) => m.role)).toEqual(['system', 'user'])
    expect(body.messages[0].content).toBe(loadAnswerPrompt().systemText)

    const user: string = body.messages[1].content
    expect(user).toContain('[3.2] 第三部分（二）')
    expect(user).toContain('[3.1] 第三部分（一）')
    expect(user).toContain('灵活就业社保补贴每月多少钱')
    expect(user).not.toContain('[2.1]') // not retrieved, not sent
    const promptChars = body.messages.reduce((n: number, m: any) => n + m.content.length, 0)
    expect(promptChars).toBeLessThan(3000)
  })

  it('stays under a few thousand characters even when retrieval returns many long sections', async () => {
    stub.enqueue(reply('宁波市对灵活就业人员给予政策支持[0]。'))
    const kb = knowledgeBase()
    const many = retrievalOf('宁波对灵活就业有哪些支持', kb.sections.map((s) => ({ id: s.id })))
    const answer = await answerer().answer(many, extractiveFor(many))
    expect(answer.mode).toBe('llm')
    const body = stub.requests[0]!.body
    const promptChars = body.messages.reduce((n: number, m: any) => n + m.content.length, 0)
    expect(promptChars).toBeLessThan(3000)
    expect((body.messages[1].content.match(/^\[\d+(\.\d+)?\] /gm) ?? []).length).toBeLessThanOrEqual(4)
  })

  it('masks ID and phone numbers in the question before it leaves for the model', async () => {
    stub.enqueue(reply(GROUNDED))
    const retrieval = { ...subsidyQuestion(), question: '我身份证11010519491231002X，电话13800138000，社保补贴每月多少？' }
    await answerer().answer(retrieval, extractiveFor(retrieval))
    const user: string = stub.requests[0]!.body.messages[1].content
    expect(user).not.toContain('11010519491231002X')
    expect(user).not.toContain('13800138000')
    expect(user).toContain('138****8000')
  })
})

describe('answers that are not grounded reach the user as the extractive answer', () => {
  const cases: [string, string, RegExp][] = [
    ['an invented figure', '符合条件的灵活就业人员每人每月可领500元社保补贴[3.2]。', /unsupported_figure: 500元/],
    ['an invented Chinese-numeral figure', '社保补贴每人每月四百五十元，最多领取五年[3.2]。', /unsupported_figure: 5年/],
    ['a figure from a section it did not cite', '社保补贴每人每月450元[3.2]，超龄人员参保1.34万人[3.2]。', /unsupported_figure/],
    ['an unknown section', '符合条件的灵活就业人员每人每月450元[3.2]，还可以申请创业补贴[4.2]。', /unknown_source: 4\.2/],
    ['no citation at all', '符合条件的灵活就业人员每人每月450元。', /no_citation/],
    ['an echo of the system prompt', '我的规则是：只根据下面编号的资料作答。每段资料以方括号中的编号开头[3.2]。', /echoes_instructions/],
  ]
  for (const [name, text, reason] of cases) {
    it(name, async () => {
      stub.enqueue(reply(text))
      const llm = answerer()
      const retrieval = subsidyQuestion()
      const extractive = extractiveFor(retrieval)
      const answer = await llm.answer(retrieval, extractive)
      expect(answer).toEqual(extractive)
      expect(answer.mode).toBe('extractive')
      expect(stub.requests).toHaveLength(1)
      const logged = logLines.find((l) => l.llm === 'fallback')
      expect(logged.reason).toMatch(reason)
      expect(logged.rejected).toBe(text.trim()) // kept for review
    })
  }

  it('logs a rejected answer with personal numbers masked', async () => {
    stub.enqueue(reply('请把身份证11010519491231002X发给13800138000，每月500元[3.2]。'))
    const retrieval = subsidyQuestion()
    await answerer().answer(retrieval, extractiveFor(retrieval))
    const logged = JSON.stringify(logLines)
    expect(logged).toContain('unsupported_figure')
    expect(logged).not.toContain('11010519491231002X')
    expect(logged).not.toContain('13800138000')
  })
})

describe('failures are invisible and quick', () => {
  const failures: [string, () => ReturnType<typeof hang>, RegExp][] = [
    ['a 500', () => status(500), /http_500|timeout/],
    ['a 429', () => status(429, { error: { message: 'rate limited', type: 'rate_limit' } }), /http_429|timeout/],
    ['a hang', () => hang(), /timeout/],
    ['garbage', () => garbage(), /unreadable|timeout/],
    ['an empty reply', () => reply(''), /empty_reply/],
    ['a reply with no choices', () => garbage('{"id":"x","object":"chat.completion","choices":[]}'), /unreadable|empty_reply/],
  ]
  for (const [name, behaviour, reason] of failures) {
    it(`${name} gives the extractive answer within the timeout`, async () => {
      stub.setFallback(behaviour())
      const llm = answerer()
      const retrieval = subsidyQuestion()
      const extractive = extractiveFor(retrieval)
      const { value, ms } = await timed(llm.answer(retrieval, extractive))
      expect(value).toEqual(extractive)
      expect(ms).toBeLessThan(TIMEOUT_MS + 400)
      expect(Object.keys(llm.usage().fallbacks).join()).toMatch(reason)
    })
  }

  it('a hang without client retries still ends on our own timer', async () => {
    stub.setFallback(hang())
    const llm = answerer({ maxRetries: 0 })
    const retrieval = subsidyQuestion()
    const { value, ms } = await timed(llm.answer(retrieval, extractiveFor(retrieval)))
    expect(value.mode).toBe('extractive')
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50)
    expect(ms).toBeLessThan(TIMEOUT_MS + 400)
    expect(llm.usage().fallbacks).toEqual({ timeout: 1 })
  })

  it('opens the circuit after three failures in a row, then tries once again after the pause', async () => {
    let now = 1_000_000
    const breaker = createCircuitBreaker({ failureThreshold: 3, openMs: 30_000, now: () => now })
    stub.setFallback(status(503))
    const llm = answerer({ maxRetries: 0, breaker })
    const retrieval = subsidyQuestion()
    const extractive = extractiveFor(retrieval)

    for (let i = 0; i < 3; i++) expect(await llm.answer(retrieval, extractive)).toEqual(extractive)
    expect(stub.requests).toHaveLength(3)
    expect(breaker.state()).toBe('open')

    const { value, ms } = await timed(llm.answer(retrieval, extractive))
    expect(value).toEqual(extractive)
    expect(ms).toBeLessThan(300) // nobody waits for the model (its timeout is 800 ms) while the circuit is open
    expect(stub.requests).toHaveLength(3)
    expect(llm.usage().fallbacks).toMatchObject({ http_503: 3, circuit_open: 1 })

    now += 30_000 // half-open: one trial goes out, and it succeeds
    stub.enqueue(reply(GROUNDED))
    expect((await llm.answer(retrieval, extractive)).mode).toBe('llm')
    expect(stub.requests).toHaveLength(4)
    expect(breaker.state()).toBe('closed')
  })
})

describe('the answer cache', () => {
  it('answers a repeated question, however punctuated, without a second call', async () => {
    stub.enqueue(reply(GROUNDED))
    const llm = answerer({ cacheNamespace: 'answers-repeat' })
    const first = subsidyQuestion()
    const a1 = await llm.answer(first, extractiveFor(first))
    const again = { ...subsidyQuestion(), question: '  灵活就业 社保补贴每月多少钱?' }
    const a2 = await llm.answer(again, extractiveFor(again))
    expect(a1.mode).toBe('llm')
    expect(a2).toEqual(a1)
    expect(stub.requests).toHaveLength(1)
    expect(llm.usage()).toMatchObject({ calls: 1, cacheHits: 1, llmAnswers: 2 })
  })

  it('never caches an answer that was rejected', async () => {
    stub.setFallback(reply('每人每月500元[3.2]。'))
    const llm = answerer({ cacheNamespace: 'answers-rejected' })
    const retrieval = subsidyQuestion()
    await llm.answer(retrieval, extractiveFor(retrieval))
    await llm.answer(retrieval, extractiveFor(retrieval))
    expect(stub.requests).toHaveLength(2)
    expect(llm.usage().cacheHits).toBe(0)
  })
})

describe('calls', () => {
  it('makes exactly one call per in-scope question and none for an out-of-scope one', async () => {
    stub.setFallback((request) => {
      const user: string = request.body.messages[1].content
      if (user.includes('工伤保险')) return reply('新业态从业人员可以按规定先行参加工伤保险[3.1]。')
      return reply(GROUNDED)
    })
    const llm = answerer()
    const injury = retrievalOf('骑手能交工伤保险吗', [{ id: '3.1', hint: '新业态从业人员' }])
    const subsidy = subsidyQuestion()
    const offTopic = retrievalOf('明天天气怎么样', [], true)

    expect((await llm.answer(injury, extractiveFor(injury))).citations.map((c) => c.sectionId)).toEqual(['3.1'])
    expect(stub.requests).toHaveLength(1)
    expect((await llm.answer(subsidy, extractiveFor(subsidy))).mode).toBe('llm')
    expect(stub.requests).toHaveLength(2)
    const oos = extractiveFor(offTopic)
    expect(await llm.answer(offTopic, oos)).toEqual(oos)
    expect(oos.outOfScope).toBe(true)
    expect(stub.requests).toHaveLength(2)
    expect(llm.usage().calls).toBe(2)
  })
})
