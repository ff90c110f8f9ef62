// The request-latency histogram (src/metrics/fast-histogram.ts) against prom-client's own Histogram: the same
// observations give the same scrape, byte for byte, and the same JSON.
import { Histogram, Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { FastHistogram } from '../../src/metrics/fast-histogram.js'
import { HTTP_BUCKETS_SECONDS } from '../../src/metrics/metrics.js'

const config = { name: 'http_request_duration_seconds', help: 'HTTP request latency.', labelNames: ['method', 'route', 'status_code'] as const, buckets: HTTP_BUCKETS_SECONDS }

function both() {
  const reference = new Registry()
  const ours = new Registry()
  return {
    reference,
    ours,
    histograms: [new Histogram({ ...config, labelNames: [...config.labelNames], registers: [reference] }), new FastHistogram({ ...config, registers: [ours] })],
  }
}

describe('FastHistogram', () => {
  it('scrapes exactly as prom-client does for the same observations', async () => {
    const { reference, ours, histograms } = both()
    const observations: Array<[{ method: string; route: string; status_code: string }, number]> = [
      [{ method: 'POST', route: '/api/chat', status_code: '200' }, 0.0004],
      [{ method: 'POST', route: '/api/chat', status_code: '200' }, 0.001], // on a bound: in that bucket
      [{ method: 'POST', route: '/api/chat', status_code: '200' }, 0.0031],
      [{ method: 'POST', route: '/api/ask', status_code: '400' }, 0.2],
      [{ method: 'GET', route: '/metrics', status_code: '401' }, 12], // past every bound: +Inf only
      [{ method: 'POST', route: '/api/chat', status_code: '500' }, 0],
    ]
    for (const [labels, value] of observations) for (const h of histograms) h.observe(labels, value)
    expect(await ours.metrics()).toBe(await reference.metrics())
    expect(await ours.getMetricsAsJSON()).toEqual(await reference.getMetricsAsJSON())
  })

  it('starts empty, and is empty again after a reset', async () => {
    const { reference, ours, histograms } = both()
    expect(await ours.metrics()).toBe(await reference.metrics())
    for (const h of histograms) h.observe({ method: 'POST', route: '/api/ask', status_code: '200' }, 0.01)
    ours.resetMetrics()
    reference.resetMetrics()
    expect(await ours.metrics()).toBe(await reference.metrics())
  })

  it('refuses a label it does not have and a value that is not a number, as prom-client does', () => {
    const [, ours] = both().histograms
    expect(() => ours.observe({ method: 'POST', route: '/x', status_code: '200', user: 'u1' } as never, 0.1)).toThrow(/no label user/)
    expect(() => ours.observe({ method: 'POST', route: '/x', status_code: '200' }, Number.NaN)).toThrow(/not a number/)
  })
})
