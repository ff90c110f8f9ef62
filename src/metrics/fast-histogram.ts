// A Prometheus histogram for the request path: an observation is a map lookup and two additions. prom-client's
// Histogram validates and hashes its labels on every observation, the largest cost of its own in a chat
// request's profile after the I/O. This one hands the registry the same values, in prom-client's own shape
// (so the scrape's text is the same), when it is read.
import type { Registry } from 'prom-client'

type LabelValues<L extends string> = Record<L, string | number>

interface Series<L extends string> {
  labels: LabelValues<L>
  /** Observations per bucket, not cumulative; the last one is past the highest bound (+Inf). */
  counts: number[]
  sum: number
  count: number
}

export class FastHistogram<L extends string> {
  readonly type = 'histogram'
  readonly aggregator = 'sum'
  readonly name: string
  readonly help: string
  private readonly labelNames: readonly L[]
  private readonly bounds: readonly number[]
  private series = new Map<string, Series<L>>()

  constructor(config: { name: string; help: string; labelNames: readonly L[]; buckets: readonly number[]; registers: Registry[] }) {
    this.name = config.name
    this.help = config.help
    this.labelNames = config.labelNames
    this.bounds = [...config.buckets].sort((a, b) => a - b)
    for (const registry of config.registers) registry.registerMetric(this as never)
  }

  observe(labels: LabelValues<L>, value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`${this.name}: not a number: ${value}`)
    let key = ''
    for (const name of this.labelNames) key += `${labels[name]}\u0000`
    let series = this.series.get(key)
    if (!series) {
      for (const name of Object.keys(labels)) {
        if (!this.labelNames.includes(name as L)) throw new Error(`${this.name}: no label ${name} (labels: ${this.labelNames.join(', ')})`)
      }
      this.series.set(key, (series = { labels: { ...labels }, counts: new Array(this.bounds.length + 1).fill(0), sum: 0, count: 0 }))
    }
    let bucket = 0
    while (bucket < this.bounds.length && value > this.bounds[bucket]) bucket++
    series.counts[bucket]++
    series.sum += value
    series.count++
  }

  /** What prom-client's Histogram.getForPromString() returns: cumulative buckets, then +Inf, _sum and _count. */
  async getForPromString() {
    const values = []
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0
      for (let i = 0; i < this.bounds.length; i++) {
        cumulative += counts[i]
        values.push({ labels: { le: this.bounds[i] }, sharedLabels: labels, value: cumulative, metricName: `${this.name}_bucket`, exemplar: null })
      }
      values.push(
        { labels: { le: '+Inf' }, sharedLabels: labels, value: count, metricName: `${this.name}_bucket`, exemplar: null },
        { labels: {}, sharedLabels: labels, value: sum, metricName: `${this.name}_sum`, exemplar: undefined },
        { labels: {}, sharedLabels: labels, value: count, metricName: `${this.name}_count`, exemplar: undefined },
      )
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator }
  }

  /** As prom-client's get(): each value's labels with the series' labels merged in. */
  async get() {
    const data = await this.getForPromString()
    return { ...data, values: data.values.map(({ labels, sharedLabels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } })) }
  }

  reset(): void {
    this.series = new Map()
  }
}
