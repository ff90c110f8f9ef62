// The hot-path counter (src/metrics/tally-counter.ts) against prom-client's own Counter: the same increments
// give the same scrape, byte for byte, however the increments and the scrapes interleave.
import { Counter, Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { TallyCounter } from '../../src/metrics/tally-counter.js'

const config = { name: 'assistant_answers_total', help: 'Policy answers served.', labelNames: ['mode', 'out_of_scope'] as const }

function both() {
  const reference = new Registry()
  const ours = new Registry()
  const counters = [new Counter({ ...config, labelNames: [...config.labelNames], registers: [reference] }), new TallyCounter({ ...config, registers: [ours] })]
  const inc = (labels: { mode: string; out_of_scope: string }) => counters.forEach((c) => c.inc(labels))
  return { reference, ours, inc }
}

describe('TallyCounter', () => {
  it('scrapes exactly as prom-client does, before, between and after increments', async () => {
    const { reference, ours, inc } = both()
    expect(await ours.metrics()).toBe(await reference.metrics())
    inc({ mode: 'extractive', out_of_scope: 'false' })
    inc({ mode: 'extractive', out_of_scope: 'false' })
    inc({ out_of_scope: 'true', mode: 'extractive' }) // label order does not matter
    expect(await ours.metrics()).toBe(await reference.metrics())
    expect(await ours.metrics()).toContain('assistant_answers_total{mode="extractive",out_of_scope="false"} 2')
    // Counted again after a scrape, and scraped twice with nothing new: nothing is handed over twice.
    inc({ mode: 'llm', out_of_scope: 'false' })
    inc({ mode: 'extractive', out_of_scope: 'false' })
    expect(await ours.metrics()).toBe(await reference.metrics())
    expect(await ours.metrics()).toBe(await reference.metrics())
    expect(await ours.metrics()).toContain('assistant_answers_total{mode="extractive",out_of_scope="false"} 3')
    expect(await ours.getMetricsAsJSON()).toEqual(await reference.getMetricsAsJSON())
  })

  it('refuses a label it was not made with, as prom-client does', () => {
    const counter = new TallyCounter({ ...config, registers: [new Registry()] })
    expect(() => counter.inc({ mode: 'llm', out_of_scope: 'false', channel: 'api' } as never)).toThrow(/no label channel/)
  })
})
