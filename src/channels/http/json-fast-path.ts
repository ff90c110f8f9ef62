// The two hot routes (POST /api/ask and /api/chat) are served straight from node:http, in front of Fastify:
// the bench measured Fastify's own routing, hooks and serialisation at a third of a request's cost. Every
// other route goes to Fastify. The contract is the same either way: the token check, JSON in and out, and a
// 400 {error} naming the problem for any bad body (CONTRACT.md), wrong content type and oversize included.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from '../../logger.js'
import { ConversationBusyError, LockLostError } from '../../conversation/keyed-mutex.js'
import { UNAUTHORIZED } from './auth.js'
import { createReplyBatch } from './reply-batch.js'

const BUSY = 'conversation busy: this message could not be completed and nothing of it was saved; send it again in a moment'

export interface JsonReply {
  status: number
  payload: unknown
  /** The payload already serialised (a route may cache it); sent as is when present. */
  raw?: Buffer
}

/** A route's logic: the parsed body and the headers in, a status and a JSON payload out. */
export type JsonRoute = (body: unknown, headers: IncomingHttpHeaders) => Promise<JsonReply>

export type ResponseObserver = (method: string, route: string, status: number, seconds: number) => void

export interface JsonFastPath {
  add(method: string, path: string, route: JsonRoute): void
  observe(observer: ResponseObserver): void
  /** Serves the request and returns true when it is a fast route; false leaves it to Fastify. */
  serve(req: IncomingMessage, res: ServerResponse): boolean
}

export function createJsonFastPath(options: {
  bodyLimit: number
  authorized: (header: string | undefined) => boolean
  logger: Logger
}): JsonFastPath {
  const routes = new Map<string, JsonRoute>()
  const observers: ResponseObserver[] = []
  const replies = createReplyBatch((err, res) => options.logger.error({ err, url: res.req?.url?.split('?')[0] }, 'reply could not be sent'))

  /** Writes the head now (so headersSent holds) and sends the reply with the others of this loop turn (reply-batch.ts). */
  function send(res: ServerResponse, status: number, payload: unknown, extra?: Record<string, string>, raw?: Buffer) {
    const body = raw ?? Buffer.from(JSON.stringify(payload))
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length, ...extra })
    replies.end(res, body)
  }

  async function handle(route: JsonRoute, req: IncomingMessage, res: ServerResponse): Promise<number> {
    if (!options.authorized(req.headers.authorization)) {
      send(res, 401, { error: UNAUTHORIZED }, { 'www-authenticate': 'Bearer' })
      return 401
    }
    const type = req.headers['content-type'] ?? ''
    if (!/^application\/json\b/i.test(type)) {
      req.resume()
      send(res, 400, { error: 'content-type: send application/json' })
      return 400
    }
    const raw = await readBody(req, options.bodyLimit)
    if (raw === null) {
      send(res, 400, { error: `body: larger than ${options.bodyLimit} bytes` })
      return 400
    }
    if (raw.trim() === '') {
      send(res, 400, { error: 'body: a JSON object is required' })
      return 400
    }
    let body: unknown
    try {
      body = JSON.parse(raw)
    } catch {
      send(res, 400, { error: 'body: not valid JSON' })
      return 400
    }
    const reply = await route(body, req.headers)
    send(res, reply.status, reply.payload, undefined, reply.raw)
    return reply.status
  }

  /**
   * Serves one request to the end, then reports it to the observers. A failure is a 500 {error}; a conversation
   * the turn could not have to itself (Redis mode: held too long elsewhere, or its lock lost mid-turn) is a 503 the
   * client may simply send again.
   */
  async function respond(route: JsonRoute, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now()
    let status: number
    try {
      status = await handle(route, req, res)
    } catch (err) {
      if (err instanceof ConversationBusyError) {
        // A wait that ran out is load; a lock lost mid-turn means this instance stalled past its lease.
        if (err instanceof LockLostError) options.logger.error({ err, url: path }, 'conversation lock lost mid-turn (this instance stalled past its lease): answered 503')
        else options.logger.warn({ err, url: path }, 'conversation busy: answered 503')
        status = 503
        if (!res.headersSent) send(res, 503, { error: BUSY }, { 'retry-after': '1' })
      } else {
        options.logger.error({ err, url: path }, 'request failed')
        status = 500
        if (!res.headersSent) send(res, 500, { error: 'internal error' })
      }
    }
    // Timed to the reply's hand-over: it leaves with the others at the end of this turn of the loop (reply-batch.ts).
    const seconds = (performance.now() - started) / 1000
    for (const o of observers) o('POST', path, status, seconds)
  }

  return {
    add(method, path, route) {
      if (method !== 'POST') throw new Error(`the JSON fast path serves POST only, not ${method} ${path}`)
      routes.set(path, route)
    },
    observe(observer) {
      observers.push(observer)
    },
    serve(req, res) {
      if (req.method !== 'POST') return false
      const url = req.url ?? ''
      const query = url.indexOf('?')
      const path = query < 0 ? url : url.slice(0, query)
      const route = routes.get(path)
      if (!route) return false
      void respond(route, path, req, res)
      return true
    },
  }
}

/** The body as text, or null when it is over the limit (the rest is drained, not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) tooLarge = true
      else chunks.push(chunk)
    })
    // A small body comes in one chunk: read as it is, not copied by concat first.
    req.on('end', () => resolve(tooLarge ? null : (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8')))
    req.on('error', reject)
  })
}
