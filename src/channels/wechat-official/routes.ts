// A callback route pair (GET: URL check, POST: messages) taking WeChat's XML as a raw string, in its own Fastify
// scope so the rest of the server keeps its JSON-only parsing.
import type { FastifyInstance } from 'fastify'

type Query = Record<string, string | undefined>
export interface CallbackAnswer {
  status: number
  body: string
}

export interface CallbackHandlers {
  get(query: Query): CallbackAnswer | Promise<CallbackAnswer>
  post(query: Query, body: string): Promise<CallbackAnswer>
}

export function registerCallbackRoutes(http: FastifyInstance, path: string, handlers: CallbackHandlers): void {
  void http.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))
    scope.get(path, async (request, reply) => {
      const answer = await handlers.get(request.query as Query)
      return reply.code(answer.status).type('text/plain; charset=utf-8').send(answer.body)
    })
    scope.post(path, async (request, reply) => {
      const body = typeof request.body === 'string' ? request.body : ''
      const answer = await handlers.post(request.query as Query, body)
      return reply.code(answer.status).type(answer.body.startsWith('<xml>') ? 'application/xml' : 'text/plain; charset=utf-8').send(answer.body)
    })
  })
}
