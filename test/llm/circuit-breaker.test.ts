import { describe, expect, it } from 'vitest'
import { createCircuitBreaker } from '../../src/answer/circuit-breaker.js'

describe('circuit breaker', () => {
  it('opens after the threshold, lets one trial through after the pause, and closes on success', () => {
    let now = 0
    const breaker = createCircuitBreaker({ failureThreshold: 3, openMs: 1000, now: () => now })
    for (let i = 0; i < 2; i++) {
      expect(breaker.tryAcquire()).toBe(true)
      breaker.failure()
    }
    expect(breaker.state()).toBe('closed')
    expect(breaker.tryAcquire()).toBe(true)
    breaker.failure()
    expect(breaker.state()).toBe('open')
    expect(breaker.tryAcquire()).toBe(false)

    now = 1000
    expect(breaker.state()).toBe('half-open')
    expect(breaker.tryAcquire()).toBe(true)
    expect(breaker.tryAcquire()).toBe(false) // only one trial at a time
    breaker.success()
    expect(breaker.state()).toBe('closed')
    expect(breaker.tryAcquire()).toBe(true)
  })

  it('re-opens at once when the trial fails', () => {
    let now = 0
    const breaker = createCircuitBreaker({ failureThreshold: 2, openMs: 1000, now: () => now })
    breaker.failure()
    breaker.failure()
    now = 1500
    expect(breaker.tryAcquire()).toBe(true)
    breaker.failure()
    expect(breaker.state()).toBe('open')
    now = 2400
    expect(breaker.tryAcquire()).toBe(false)
    now = 2500
    expect(breaker.tryAcquire()).toBe(true)
  })

  it('a success resets the count of failures in a row', () => {
    const breaker = createCircuitBreaker({ failureThreshold: 2 })
    breaker.failure()
    breaker.success()
    breaker.failure()
    expect(breaker.state()).toBe('closed')
  })
})
