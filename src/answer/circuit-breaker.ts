// A circuit breaker for the model: after a run of failures, stop calling it for a while so users get the
// extractive answer at once instead of waiting out a timeout each; then let one trial call through.

export type CircuitState = 'closed' | 'open' | 'half-open'

export interface CircuitBreakerOptions {
  /** Failures in a row that open the circuit. */
  failureThreshold?: number
  /** How long the circuit stays open before one trial call. */
  openMs?: number
  now?: () => number
}

export interface CircuitBreaker {
  /** True when a call may go out now (in half-open, only the single trial). */
  tryAcquire(): boolean
  success(): void
  failure(): void
  state(): CircuitState
}

export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const threshold = options.failureThreshold ?? 3
  const openMs = options.openMs ?? 30_000
  const now = options.now ?? Date.now
  let failures = 0
  let openedAt: number | null = null
  let trialInFlight = false

  const state = (): CircuitState => {
    if (openedAt === null) return 'closed'
    return now() - openedAt >= openMs ? 'half-open' : 'open'
  }

  return {
    tryAcquire() {
      const s = state()
      if (s === 'closed') return true
      if (s === 'open' || trialInFlight) return false
      trialInFlight = true
      return true
    },
    success() {
      failures = 0
      openedAt = null
      trialInFlight = false
    },
    failure() {
      failures++
      // A failed trial re-opens at once; otherwise open on reaching the threshold.
      if (trialInFlight || failures >= threshold) openedAt = now()
      trialInFlight = false
    },
    state,
  }
}
