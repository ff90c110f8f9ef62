// GET /metrics on the real server: what the assistant did shows up in Prometheus text, behind API_TOKEN,
// and each app counts in its own registry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { reply, startStubOpenAI, status, type StubOpenAI, type StubRequest } from '../helpers/stub-openai.js'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js'

const TOKEN = 'metrics-test-token'
const auth = { authorization: `Bearer ${TOKEN}` }
const UNION_FORM = ['我想加入工会', '同意', '张三', '13800138000', '送外卖', '确认']

/** The value of one sample, e.g. sample(text, 'assistant_messages_total', { channel: 'api' }); undefined if absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3])
  }
  return undefined
}

async function scrape(t: TestApp, headers: Record<string, string> = auth): Promise<string> {
  const res = await fetch(`${t.app.url}/metrics`, { headers })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return res.text()
}

describe('GET /metrics (extractive mode, API_TOKEN set)', () => {
  let t: TestApp
  let receiver: WebhookReceiver

  beforeAll(async () => {
    receiver = await startWebhookReceiver()
    t = await startTestApp({ API_TOKEN: TOKEN, HANDOFF_WEBHOOK_URL: receiver.url, HANDOFF_RETRY_BASE_MS: '20' })
  })
  afterAll(async () => {
    await t.close()
    await receiver.close()
  })

  it('needs the Bearer token, like /api/*', async () => {
    expect((await t.get('/metrics')).status).toBe(401)
    expect((await t.get('/metrics', { authorization: 'Bearer wrong' })).status).toBe(401)
    expect((await t.get('/metrics', { authorization: TOKEN })).status).toBe(401)
    const res = await t.get('/metrics', auth)
    expect(res.status).toBe(200)
    expect(res.body).toContain('# TYPE assistant_messages_total counter')
  })

  it('counts messages, answers, forms, deliveries and request latency', async () => {
    const inScope = await t.post('/api/ask', { question: '我是饿了么骑手，可以交工伤保险吗' }, auth)
    expect(inScope.body.outOfScope).toBe(false)
    const outOfScope = await t.post('/api/ask', { question: '今天天气怎么样' }, auth)
    expect(outOfScope.body.outOfScope).toBe(true)

    let applicationId: string | null = null
    for (const text of UNION_FORM) applicationId = (await t.post('/api/chat', { userId: 'metrics-user', text }, auth)).body.applicationId
    expect(applicationId).toMatch(/^A/)
    await expect.poll(() => receiver.deliveries.length, { timeout: 5000 }).toBe(1)
    await t.get('/no-such-route')

    const text = await scrape(t)
    expect(sample(text, 'assistant_messages_total', { channel: 'api' })).toBe(UNION_FORM.length)
    expect(sample(text, 'assistant_answers_total', { mode: 'extractive', out_of_scope: 'false' })).toBe(1)
    expect(sample(text, 'assistant_answers_total', { mode: 'extractive', out_of_scope: 'true' })).toBe(1)
    expect(sample(text, 'assistant_forms_started_total', { form: 'union_membership' })).toBe(1)
    expect(sample(text, 'assistant_forms_completed_total', { form: 'union_membership' })).toBe(1)
    await expect.poll(async () => sample(await scrape(t), 'assistant_deliveries', { status: 'delivered' })).toBe(1)
    expect(sample(text, 'assistant_deliveries', { status: 'dead' })).toBe(0)

    const askCount = { method: 'POST', route: '/api/ask', status_code: '200' }
    expect(sample(text, 'http_request_duration_seconds_count', askCount)).toBe(2)
    expect(sample(text, 'http_request_duration_seconds_bucket', { ...askCount, le: '+Inf' })).toBe(2)
    expect(sample(text, 'http_request_duration_seconds_sum', askCount)).toBeGreaterThan(0)
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/api/chat', status_code: '200' })).toBe(UNION_FORM.length)
    // An unknown path is one series, not one per URL.
    expect(sample(text, 'http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBe(1)
    expect(text).not.toContain('no-such-route')
    // The refused scrapes are measured too.
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/metrics', status_code: '401' })).toBe(3)

    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0)
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0)
    // Extractive mode: no model series at all.
    expect(text).not.toContain('assistant_llm_calls_total')
  })

  it('keeps each app in its own registry', async () => {
    const other = await startTestApp()
    try {
      await other.post('/api/chat', { userId: 'someone', text: '你好' })
      const otherText = await scrape(other, {}) // no API_TOKEN on this one: open
      expect(sample(otherText, 'assistant_messages_total', { channel: 'api' })).toBe(1)
      expect(sample(await scrape(t), 'assistant_messages_total', { channel: 'api' })).toBe(UNION_FORM.length)
    } finally {
      await other.close()
    }
  })
})

describe('GET /metrics (llm mode, a stub model)', () => {
  let t: TestApp
  let stub: StubOpenAI

  /** A faithful model: the first sentence of the first source, verbatim, cited. */
  const faithful = (request: StubRequest) => {
    const user: string = request.body.messages.at(-1).content
    const match = /^\[(\d+(?:\.\d+)?)\] [^\n]*\n([^。]+。)/m.exec(user)
    return match ? reply(`${match[2]!.replace(/。$/, '')}[${match[1]}]。`, 120, 40) : reply('文件没有说明。')
  }

  beforeAll(async () => {
    stub = await startStubOpenAI()
    t = await startTestApp({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.baseURL, OPENAI_MODEL: 'stub-model', OPENAI_TIMEOUT_MS: '2000' })
  })
  afterAll(async () => {
    await t.close()
    await stub.close()
  })

  it('counts model calls, tokens and fallbacks from the phraser usage, as counters', async () => {
    stub.setFallback(faithful)
    const first = await t.post('/api/ask', { question: '我是饿了么骑手，可以交工伤保险吗' })
    expect(first.body.mode).toBe('llm')
    let text = await scrape(t, {})
    expect(sample(text, 'assistant_llm_calls_total')).toBe(1)
    expect(sample(text, 'assistant_llm_tokens_total', { kind: 'input' })).toBe(120)
    expect(sample(text, 'assistant_llm_tokens_total', { kind: 'output' })).toBe(40)
    expect(sample(text, 'assistant_answers_total', { mode: 'llm', out_of_scope: 'false' })).toBe(1)

    stub.setFallback(status(500))
    const second = await t.post('/api/ask', { question: '灵活就业人员社保补贴标准是多少' })
    expect(second.body.mode).toBe('extractive')
    text = await scrape(t, {})
    expect(sample(text, 'assistant_llm_calls_total')).toBe(2)
    expect(sample(text, 'assistant_llm_fallbacks_total', { reason: 'http_500' })).toBe(1)
    expect(sample(text, 'assistant_answers_total', { mode: 'extractive', out_of_scope: 'false' })).toBe(1)
    // A scrape adds nothing by itself: counters stay put between scrapes.
    expect(sample(await scrape(t, {}), 'assistant_llm_tokens_total', { kind: 'input' })).toBe(sample(text, 'assistant_llm_tokens_total', { kind: 'input' }))
  })
})
