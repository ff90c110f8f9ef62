// Form help over the real client and the stub endpoint: JSON mode, proposals only, nothing sensitive sent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { proposeFieldValues, type AssistField } from '../../src/llm/form-assist.js'
import { createChatModel } from '../../src/llm/model.js'
import { garbage, hang, reply, startStubOpenAI, type StubOpenAI } from '../helpers/stub-openai.js'

const TIMEOUT_MS = 800
let stub: StubOpenAI

const fields: AssistField[] = [
  { id: 'name', label: '姓名' },
  { id: 'phone', label: '手机号', sensitive: 'phone' },
  { id: 'idNumber', label: '身份证号', sensitive: 'id' },
  { id: 'industry', label: '从业行业' },
  { id: 'platform', label: '接单平台' },
]

const model = () =>
  createChatModel({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.baseURL, OPENAI_MODEL: 'stub-model', OPENAI_TIMEOUT_MS: TIMEOUT_MS }, { maxRetries: 0 })!

beforeAll(async () => {
  stub = await startStubOpenAI()
})
afterAll(async () => {
  await stub.close()
})
beforeEach(() => stub.reset())

describe('proposeFieldValues', () => {
  it('returns the values the model found, asking in JSON mode without the sensitive fields or numbers', async () => {
    stub.enqueue(reply('{"name": "张三", "industry": "外卖骑手", "platform": null}'))
    const text = '我是张三，在美团送外卖，电话13800138000，身份证11010519491231002X'
    const proposals = await proposeFieldValues(model(), fields, text, { timeoutMs: TIMEOUT_MS })
    expect(proposals).toEqual({ name: '张三', industry: '外卖骑手' })

    expect(stub.requests).toHaveLength(1)
    const body = stub.requests[0]!.body
    expect(body.response_format).toEqual({ type: 'json_object' })
    expect(body.tools).toBeUndefined()
    const sent = JSON.stringify(body.messages)
    expect(sent).toContain('JSON')
    expect(sent).toContain('industry：从业行业')
    expect(sent).not.toContain('idNumber')
    expect(sent).not.toContain('13800138000')
    expect(sent).not.toContain('11010519491231002X')
  })

  it('drops values that echo masked numbers', async () => {
    stub.enqueue(reply('{"name": "138****8000"}'))
    expect(await proposeFieldValues(model(), fields, '138****8000', { timeoutMs: TIMEOUT_MS })).toEqual({})
  })

  it('proposes nothing for a reply that is not JSON, garbage, or a hang', async () => {
    stub.enqueue(reply('姓名是张三'), garbage())
    expect(await proposeFieldValues(model(), fields, '我叫张三', { timeoutMs: TIMEOUT_MS })).toEqual({})
    expect(await proposeFieldValues(model(), fields, '我叫张三', { timeoutMs: TIMEOUT_MS })).toEqual({})
    stub.setFallback(hang())
    const started = Date.now()
    expect(await proposeFieldValues(model(), fields, '我叫张三', { timeoutMs: TIMEOUT_MS })).toEqual({})
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 400)
  })
})
