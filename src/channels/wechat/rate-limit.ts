// A flood from one user gets one friendly note, then silence until the window clears.
import { setBounded } from '../../bounded.js'

export type RateDecision = 'ok' | 'notify' | 'drop'

export interface RateLimiter {
  check(key: string, now?: number): RateDecision
}

export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }): RateLimiter {
  const state = new Map<string, { times: number[]; notified: boolean }>()
  return {
    check(key, now = Date.now()) {
      const entry = state.get(key) ?? { times: [], notified: false }
      entry.times = entry.times.filter((t) => now - t < windowMs)
      if (entry.times.length === 0) entry.notified = false
      entry.times.push(now)
      setBounded(state, key, entry, 10_000)
      if (entry.times.length <= limit) return 'ok'
      if (entry.notified) return 'drop'
      entry.notified = true
      return 'notify'
    },
  }
}
