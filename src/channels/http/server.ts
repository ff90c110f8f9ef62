// The HTTP server (Fastify, pino built in). Every error reaches the client as JSON {error}: a bad body is a
// 4xx naming what is wrong, never a 500.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import type { Logger } from '../../logger.js'
import { bearerChecker, requireApiToken } from './auth.js'
import { createJsonFastPath, type JsonFastPath } from './json-fast-path.js'

export const BODY_LIMIT_BYTES = 64 * 1024

const fastPaths = new WeakMap<FastifyInstance, JsonFastPath>()

// No route declares a JSON schema, so Fastify's schema compilers (ajv, fast-json-stringify) are loaded only if
// one ever does: loading them at start-up cost about a twelfth of it.
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'))
type CompilerFactory = (...args: unknown[]) => unknown
const lazyCompiler = (module: string): CompilerFactory => (...args) => (fromFastify(module)() as CompilerFactory)(...args)

/** The node:http fast path in front of this server (for the hot JSON routes). */
export function jsonFastPath(app: FastifyInstance): JsonFastPath {
  const fast = fastPaths.get(app)
  if (!fast) throw new Error('not a server made by createHttpServer')
  return fast
}

export function createHttpServer(options: { logger: Logger; apiToken?: string }): FastifyInstance {
  const fast = createJsonFastPath({ bodyLimit: BODY_LIMIT_BYTES, authorized: bearerChecker(options.apiToken), logger: options.logger })
  const app = Fastify({
    serverFactory: (handler) => createServer((req, res) => {
      if (!fast.serve(req, res)) handler(req, res)
    }),
    loggerInstance: options.logger as FastifyBaseLogger,
    // One line per request would drown the log and slow the hot path.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    schemaController: {
      compilersFactory: {
        buildValidator: lazyCompiler('@fastify/ajv-compiler') as never,
        buildSerializer: lazyCompiler('@fastify/fast-json-stringify-compiler') as never,
      },
    },
    // Errors Fastify raises before routing (a malformed URL, a bad header) get the same {error} shape.
    frameworkErrors: (error, _request, reply) => {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400
      void (reply as unknown as { code(n: number): { send(b: unknown): void } }).code(status).send({ error: error.message })
    },
  })
  fastPaths.set(app as unknown as FastifyInstance, fast)
  app.addHook('onRequest', requireApiToken(options.apiToken))

  // CONTRACT.md: a bad body gets 400 {error}; Fastify's 413 (too large) and 415 (not JSON) are bad bodies too.
  const BAD_BODY = new Set(['FST_ERR_CTP_BODY_TOO_LARGE', 'FST_ERR_CTP_INVALID_MEDIA_TYPE', 'FST_ERR_CTP_EMPTY_JSON_BODY', 'FST_ERR_CTP_INVALID_JSON_BODY'])
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = BAD_BODY.has(error.code) ? 400 : error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status === 500) {
      request.log.error({ err: error, url: request.url }, 'request failed')
      return reply.code(500).send({ error: 'internal error' })
    }
    const message =
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'body: a JSON object is required'
      : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'content-type: send application/json'
      : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? `body: larger than ${BODY_LIMIT_BYTES} bytes`
      : error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'body: not valid JSON'
      : error.message
    return reply.code(status).send({ error: message })
  })
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` }))
  return app as unknown as FastifyInstance
}

/** An optional string field: undefined when absent, else as requireString checks it. */
export function optionalString(body: unknown, field: string, maxLength: number): string | undefined | { error: string } {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined
  if (raw === undefined || raw === null) return undefined
  const checked = requireString(body, field, maxLength)
  return 'error' in checked ? checked : checked.value
}

/** Reads a required, non-empty string field of a JSON object body, or returns the 400 message. */
export function requireString(body: unknown, field: string, maxLength: number): { value: string } | { error: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { error: 'body: a JSON object is required' }
  const raw = (body as Record<string, unknown>)[field]
  if (raw === undefined || raw === null) return { error: `${field}: required` }
  if (typeof raw !== 'string') return { error: `${field}: must be a string` }
  const value = raw.trim()
  if (value === '') return { error: `${field}: must not be empty` }
  if (value.length > maxLength) return { error: `${field}: at most ${maxLength} characters` }
  return { value }
}
