// A prom-client Counter for the hot path: an increment is a map lookup and an addition. Counter.inc() sorts,
// hashes and checks its labels on every call, about a tenth of a chat question's turn in-process. Counts wait
// here, keyed by their label values, and are handed to the Counter when the registry is read (its collect
// hook): the scrape is the Counter's own, and shows every increment made before it.
import { Counter, type Registry } from 'prom-client'

type LabelValues<L extends string> = Record<L, string>

export class TallyCounter<L extends string> {
  private readonly counter: Counter<L>
  private readonly name: string
  private readonly labelNames: readonly L[]
  private readonly waiting = new Map<string, { labels: LabelValues<L>; count: number }>()

  constructor(config: { name: string; help: string; labelNames: readonly L[]; registers: Registry[] }) {
    this.name = config.name
    this.labelNames = config.labelNames
    const handOver = () => this.handOver()
    this.counter = new Counter<L>({ ...config, labelNames: [...config.labelNames], collect: handOver })
  }

  inc(labels: LabelValues<L>): void {
    let key = ''
    for (const name of this.labelNames) key += `${labels[name]}\u0000`
    const entry = this.waiting.get(key)
    if (entry) {
      entry.count++
      return
    }
    for (const name of Object.keys(labels)) {
      if (!this.labelNames.includes(name as L)) throw new Error(`${this.name}: no label ${name} (labels: ${this.labelNames.join(', ')})`)
    }
    this.waiting.set(key, { labels: { ...labels }, count: 1 })
  }

  private handOver(): void {
    for (const entry of this.waiting.values()) {
      if (entry.count === 0) continue
      this.counter.inc(entry.labels, entry.count)
      entry.count = 0
    }
  }
}
