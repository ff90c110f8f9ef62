// The assistant's Prometheus metrics. One Registry per app (never prom-client's global one), so two apps in
// one process (tests, embedding) keep separate counts and never clash over metric names.
import { Counter, Registry, collectDefaultMetrics } from 'prom-client'
import { FastHistogram } from './fast-histogram.js'

export interface AppMetrics {
  readonly registry: Registry
  readonly messages: Counter<'channel'>
  readonly answers: Counter<'mode' | 'out_of_scope'>
  readonly formsStarted: Counter<'form'>
  readonly formsCompleted: Counter<'form'>
  readonly httpDuration: FastHistogram<'method' | 'route' | 'status_code'>
  /** The scrape: Prometheus text format and its content type. */
  render(): Promise<{ contentType: string; body: string }>
}

/** Request latencies are mostly a few milliseconds: the buckets are fine at the low end. */
export const HTTP_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export function createMetrics(options: { defaultMetrics?: boolean } = {}): AppMetrics {
  const registry = new Registry()
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry })
  const registers = [registry]

  return {
    registry,
    messages: new Counter({
      name: 'assistant_messages_total',
      help: 'Messages handled by the conversation engine, by channel.',
      labelNames: ['channel'],
      registers,
    }),
    answers: new Counter({
      name: 'assistant_answers_total',
      help: 'Policy answers served, by mode (llm or extractive) and whether the question was out of scope.',
      labelNames: ['mode', 'out_of_scope'],
      registers,
    }),
    formsStarted: new Counter({
      name: 'assistant_forms_started_total',
      help: 'Applications (forms) started, by form id.',
      labelNames: ['form'],
      registers,
    }),
    formsCompleted: new Counter({
      name: 'assistant_forms_completed_total',
      help: 'Applications submitted (forms completed), by form id.',
      labelNames: ['form'],
      registers,
    }),
    httpDuration: new FastHistogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_BUCKETS_SECONDS,
      registers,
    }),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() }
    },
  }
}
