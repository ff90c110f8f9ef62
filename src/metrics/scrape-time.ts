// Figures other parts already keep (the model's usage, the outbox's counts) are read at scrape time, so the
// hot path does no extra work for them.
import { Counter, Gauge } from 'prom-client'
import type { LlmUsage } from '../answer/llm-answerer.js'
import type { ApplicationStore } from '../handoff/types.js'
import type { AppMetrics } from './metrics.js'

/**
 * Model calls, tokens, cache hits and fallbacks from the phraser's usage() totals. They only ever grow, so
 * they are exposed as counters: each scrape adds what grew since the last one.
 */
export function collectLlmUsage(metrics: AppMetrics, usage: () => LlmUsage): void {
  const registers = [metrics.registry]
  const seen = new Map<string, number>()
  const catchUp = (counter: Counter<string>, key: string, total: number, labels: Record<string, string> = {}) => {
    const delta = total - (seen.get(key) ?? 0)
    if (delta > 0) counter.inc(labels, delta)
    else counter.inc(labels, 0) // a zero sample, so the series exists from the first scrape
    seen.set(key, Math.max(total, seen.get(key) ?? 0))
  }

  new Counter({
    name: 'assistant_llm_calls_total',
    help: 'Model calls made (cache hits and out-of-scope questions make none).',
    registers,
    collect() {
      catchUp(this, 'calls', usage().calls)
    },
  })
  new Counter({
    name: 'assistant_llm_tokens_total',
    help: 'Model tokens used, by kind (input or output).',
    labelNames: ['kind'],
    registers,
    collect() {
      const u = usage()
      catchUp(this, 'input', u.inputTokens, { kind: 'input' })
      catchUp(this, 'output', u.outputTokens, { kind: 'output' })
    },
  })
  new Counter({
    name: 'assistant_llm_cache_hits_total',
    help: 'Model answers served from the answer cache.',
    registers,
    collect() {
      catchUp(this, 'cacheHits', usage().cacheHits)
    },
  })
  new Counter({
    name: 'assistant_llm_fallbacks_total',
    help: 'Extractive answers served instead of a model answer, by reason (timeout, http_500, ungrounded figures, circuit_open...).',
    labelNames: ['reason'],
    registers,
    collect() {
      for (const [reason, total] of Object.entries(usage().fallbacks)) catchUp(this, `fallback:${reason}`, total, { reason })
    },
  })
}

/** Applications by delivery status (pending, delivering, delivered, dead), counted in the store at scrape. */
export function collectDeliveries(metrics: AppMetrics, store: Pick<ApplicationStore, 'countByStatus'>): void {
  new Gauge({
    name: 'assistant_deliveries',
    help: 'Submitted applications by delivery status, as the outbox holds them now.',
    labelNames: ['status'],
    registers: [metrics.registry],
    async collect() {
      const counts = await store.countByStatus()
      for (const [status, count] of Object.entries(counts)) this.set({ status }, count)
    },
  })
}
