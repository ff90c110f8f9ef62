// The node:http fast path in front of Fastify (json-fast-path.ts), through the real server on a loopback port:
// its routes answer with the query string ignored, a route that throws is a 500 {error} that is logged and
// counted (a busy conversation a 503 to send again), bad bodies are 400s, many requests at once each get their
// own reply, and anything else falls through to Fastify.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { createHttpServer, jsonFastPath } from '../../src/channels/http/server.js'
import { LockLostError } from '../../src/conversation/keyed-mutex.js'
import { LockTimeoutError } from '../../src/conversation/redis-lock.js'
import { createLogger } from '../../src/logger.js'

describe('the JSON fast path', () => {
  let app: FastifyInstance
  let url: string
  const logLines: string[] = []
  const observed: Array<[string, string, number]> = []
  const responses: ServerResponse[] = []
  const heldWhenObserved: number[] = []

  beforeAll(async () => {
    app = createHttpServer({ logger: createLogger('info', { write: (line: string) => void logLines.push(line) }) })
    const fast = jsonFastPath(app)
    fast.add('POST', '/echo', async (body) => ({ status: 200, payload: { got: body } }))
    fast.add('POST', '/boom', async () => {
      throw new Error('broken for 13800138000')
    })
    fast.add('POST', '/busy', async () => {
      throw new LockTimeoutError(15_000)
    })
    fast.add('POST', '/lost', async () => {
      throw new LockLostError()
    })
    fast.observe((method, route, status) => void observed.push([method, route, status]))
    // Observers run once a reply is handed over: how many handed-over replies have not left yet, at that moment.
    fast.observe(() => void heldWhenObserved.push(responses.filter((r) => r.headersSent && !r.writableEnded).length))
    url = await app.listen({ host: '127.0.0.1', port: 0 })
    app.server.prependListener('request', (_req, res) => void responses.push(res))
  })
  afterAll(() => app.close())

  const post = (path: string, body: string, type = 'application/json') =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type }, body })

  it('answers its routes, whatever the query string, and reports each response', async () => {
    const res = await post('/echo?from=test', JSON.stringify({ text: '你好' }))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await res.json()).toEqual({ got: { text: '你好' } })
    expect(observed).toContainEqual(['POST', '/echo', 200])
  })

  it('turns a route that throws into a 500 {error}, logged (masked) and reported', async () => {
    const res = await post('/boom', '{}')
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: 'internal error' })
    expect(observed).toContainEqual(['POST', '/boom', 500])
    const line = logLines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request failed')
    expect(line).toMatchObject({ url: '/boom', err: { type: 'Error', message: 'broken for 138****8000' } })
  })

  it('turns a conversation held too long by another instance (or taken over) into a 503 to send again, logged as a warning', async () => {
    for (const path of ['/busy', '/lost']) {
      const res = await post(path, '{}')
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('1')
      expect((await res.json()).error).toMatch(/^conversation busy: .*send it again in a moment$/)
      expect(observed).toContainEqual(['POST', path, 503])
    }
    // A wait that ran out is a warning; a lock lost mid-turn (this instance stalled) an error an operator should see.
    const lines = logLines.map((l) => JSON.parse(l)).filter((l) => l.url === '/busy' || l.url === '/lost')
    expect(lines.map((l) => [l.url, l.level])).toEqual([['/busy', 40], ['/lost', 50]])
    expect(lines[1].msg).toMatch(/lock lost mid-turn/)
  })

  it('answers a bad body with a 400 naming the problem', async () => {
    expect(await (await post('/echo', '{', 'application/json')).json()).toEqual({ error: 'body: not valid JSON' })
    expect((await post('/echo', 'x', 'text/plain')).status).toBe(400)
    expect(await (await post('/echo', '  ')).json()).toEqual({ error: 'body: a JSON object is required' })
    const big = await post('/echo', JSON.stringify({ text: 'x'.repeat(70 * 1024) }))
    expect(big.status).toBe(400)
    expect((await big.json()).error).toMatch(/larger than/)
  })

  it('gives each of many requests at once its own reply (replies leave together at the end of the loop turn)', async () => {
    const texts = Array.from({ length: 60 }, (_, i) => `问题 ${i}`)
    const replies = await Promise.all(texts.map(async (text) => {
      const res = await post('/echo', JSON.stringify({ text }))
      return { status: res.status, body: await res.json() }
    }))
    expect(replies).toEqual(texts.map((text) => ({ status: 200, body: { got: { text } } })))
    // Each reply was still held when its route was done with it: it left with the others at the end of the turn.
    expect(heldWhenObserved.slice(-60).every((held) => held >= 1)).toBe(true)
  })

  it('leaves other methods and paths to Fastify, and serves POST only', async () => {
    expect((await fetch(`${url}/echo`)).status).toBe(404)
    expect((await post('/elsewhere', '{}')).status).toBe(404)
    expect(() => jsonFastPath(app).add('GET', '/echo', async () => ({ status: 200, payload: {} }))).toThrow(/POST only/)
  })
})
