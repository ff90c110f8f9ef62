// Wrappers that count what passes through the engine and the answerer, without either knowing about metrics.
import type { FastifyInstance } from 'fastify'
import { jsonFastPath } from '../channels/http/server.js'
import type { Answerer } from '../answer/answerer.js'
import type { ConversationEngine } from '../conversation/types.js'
import type { AppMetrics } from './metrics.js'

/** The same engine, counting each message by channel. */
export function countMessages<E extends ConversationEngine>(metrics: AppMetrics, engine: E): E {
  return {
    ...engine,
    handle(message) {
      metrics.messages.inc({ channel: message.channel })
      return engine.handle(message)
    },
  }
}

/** The same answerer, counting each answer by mode and scope. */
export function countAnswers(metrics: AppMetrics, answerer: Answerer): Answerer {
  return {
    ...answerer,
    async ask(question, context) {
      const answer = await answerer.ask(question, context)
      metrics.answers.inc({ mode: answer.mode, out_of_scope: String(answer.outOfScope) })
      return answer
    },
  }
}

/** createEngine's `events`: form starts and completions. */
export function formEvents(metrics: AppMetrics) {
  return {
    formStarted: (formId: string) => metrics.formsStarted.inc({ form: formId }),
    formCompleted: (formId: string) => metrics.formsCompleted.inc({ form: formId }),
  }
}

/**
 * Request latency by route pattern (/api/chat, never the raw URL, so a scan of random paths cannot blow up
 * the series). Fastify's own reply.elapsedTime is the measure: no extra onRequest hook on the hot path.
 */
export function observeHttpLatency(metrics: AppMetrics, http: FastifyInstance): void {
  // The hot JSON routes bypass Fastify (json-fast-path.ts): they report here themselves.
  jsonFastPath(http).observe((method, route, status, seconds) => {
    metrics.httpDuration.observe({ method, route, status_code: String(status) }, seconds)
  })
  http.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched'
    metrics.httpDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    )
  })
}
