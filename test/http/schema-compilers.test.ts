// Fastify's schema compilers are loaded only when a route declares a schema (server.ts): such a route must
// still be validated and serialised as Fastify would, through the real server on a loopback port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createHttpServer } from '../../src/channels/http/server.js'
import { createLogger } from '../../src/logger.js'

describe('a route with a JSON schema', () => {
  let app: FastifyInstance
  let url: string

  beforeAll(async () => {
    app = createHttpServer({ logger: createLogger('silent') })
    app.post(
      '/typed',
      {
        schema: {
          body: { type: 'object', required: ['n'], properties: { n: { type: 'integer', minimum: 1 } } },
          response: { 200: { type: 'object', properties: { doubled: { type: 'integer' } } } },
        },
      },
      async (request) => ({ doubled: (request.body as { n: number }).n * 2, dropped: 'not in the response schema' }),
    )
    url = await app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(() => app.close())

  const post = (body: unknown) => fetch(`${url}/typed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

  it('is validated (a bad body is a 400 naming the problem) and serialised by its response schema', async () => {
    const bad = await post({ n: 0 })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error).toMatch(/n/)
    const good = await post({ n: 21 })
    expect(good.status).toBe(200)
    expect(await good.json()).toEqual({ doubled: 42 })
  })
})
