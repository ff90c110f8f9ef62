// Help in forms, through the whole app in llm mode: where the date parser cannot read a free-text answer, the
// model (the stub endpoint) proposes a value; the field's own parser still decides; ID and phone never go out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { reply, startStubOpenAI, status, type StubOpenAI } from '../helpers/stub-openai.js'

let stub: StubOpenAI
let t: TestApp

beforeAll(async () => {
  stub = await startStubOpenAI()
  stub.setFallback(status(500))
  t = await startTestApp({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.baseURL, OPENAI_MODEL: 'stub-model', OPENAI_TIMEOUT_MS: '2000' })
})
afterAll(async () => {
  await t?.close()
  await stub?.close()
})

async function chat(userId: string, text: string) {
  const res = await t.post('/api/chat', { userId, text })
  expect(res.status).toBe(200)
  return res.body as { replies: string[]; awaiting: string | null; form: string | null }
}

async function upToStartDate(userId: string) {
  for (const text of ['我想申请创业担保贷款', '同意', '李四', '13700137000', '11010519491231002X']) await chat(userId, text)
}

describe('help in forms (llm mode)', () => {
  it('accepts a value the model proposes when the parser accepts it', async () => {
    await upToStartDate('assist-1')
    stub.reset()
    stub.enqueue(reply('{"businessStartDate": "2024-03"}'))
    const r = await chat('assist-1', '前年春天开的张')
    expect(r.replies.join('\n')).toContain('我理解为开业时间：2024年3月')
    expect(r.awaiting).toBe('loanAmount')
    expect(stub.requests).toHaveLength(1)
    const body = stub.requests[0].body
    expect(body.response_format).toEqual({ type: 'json_object' })
    const sent = JSON.stringify(body.messages)
    expect(sent).toContain('businessStartDate')
    expect(sent).not.toContain('13700137000')
    expect(sent).not.toContain('11010519491231002X')
  })

  it('re-asks when the proposal fails the field\'s own validation (a future date)', async () => {
    await upToStartDate('assist-2')
    stub.reset()
    stub.enqueue(reply('{"businessStartDate": "2999-01"}'))
    const r = await chat('assist-2', '等我以后发达了再开的那家')
    expect(r.awaiting).toBe('businessStartDate')
    expect(r.replies.join('\n')).not.toContain('我理解为')
  })

  it('re-asks, without delay for the user, when the model fails', async () => {
    await upToStartDate('assist-3')
    stub.reset()
    stub.enqueue(status(500))
    const r = await chat('assist-3', '记不太清了反正挺久')
    expect(r.awaiting).toBe('businessStartDate')
  })
})
