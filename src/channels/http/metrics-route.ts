// GET /metrics: Prometheus text format. Behind API_TOKEN when it is set (the same Bearer check as /api/*).
import type { FastifyInstance } from 'fastify'
import type { AppMetrics } from '../../metrics/metrics.js'
import { requireBearerToken } from './auth.js'

export function registerMetricsRoute(app: FastifyInstance, deps: { metrics: AppMetrics; apiToken?: string }): void {
  app.get('/metrics', { onRequest: requireBearerToken(deps.apiToken) }, async (_request, reply) => {
    const { contentType, body } = await deps.metrics.render()
    return reply.header('content-type', contentType).send(body)
  })
}
