// The delivery worker: claims due deliveries from the store, posts them, and records the outcome.
// Wake-ups come from submits (wake()), from finished deliveries, and from a timer set to the next due
// time (capped at pollIntervalMs, so work written by another process, e.g. `npm run outbox -- retry`, is seen).
import { coalescedWake } from '../coalesced-wake.js'
import { maskDeep } from '../privacy/mask.js'
import { attemptDelivery } from './attempt.js'
import { afterFailure } from './schedule.js'
import { secretKey } from './signing.js'
import type { ApplicationStore, ClaimedDelivery } from './types.js'

/** The part of a pino logger the hand-off uses. */
export interface HandoffLogger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

export interface DeliveryWorkerOptions {
  store: ApplicationStore
  /** HANDOFF_WEBHOOK_URL; without it nothing is sent and applications stay pending. */
  url?: string
  /** HANDOFF_WEBHOOK_SECRET (whsec_…); without it requests go unsigned. */
  secret?: string
  retryBaseMs?: number
  timeoutMs?: number
  /** Tries before an application is dead (8 = the first try plus Svix's seven retries). */
  maxAttempts?: number
  /** Deliveries in flight at once (never the same application twice). */
  concurrency?: number
  pollIntervalMs?: number
  logger?: HandoffLogger
}

export interface DeliveryWorker {
  /** False when no URL is configured: start() and wake() then do nothing. */
  readonly enabled: boolean
  start(): void
  /** Lets in-flight deliveries finish, and leaves no timer running. */
  stop(): Promise<void>
  /** Look for due work now (call right after a submit). */
  wake(): void
}

const silent: HandoffLogger = { info() {}, warn() {}, error() {} }

/** The start-up line for the hand-off (the composition root logs it at `level`). Never shows the secret. */
export function describeHandoff(options: { url?: string; secret?: string }): { level: 'info' | 'warn'; message: string } {
  if (!options.url) {
    return {
      level: 'warn',
      message: 'hand-off: HANDOFF_WEBHOOK_URL is not set; applications are stored and listed as pending, and sent once it is set',
    }
  }
  const origin = new URL(options.url).origin // the path or query may carry a token: show only the origin
  if (!options.secret) {
    return { level: 'warn', message: `hand-off: delivering to ${origin} UNSIGNED (HANDOFF_WEBHOOK_SECRET is not set)` }
  }
  return { level: 'info', message: `hand-off: delivering to ${origin}, signed (Standard Webhooks)` }
}

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const store = options.store
  const url = options.url
  const key = options.secret ? secretKey(options.secret) : undefined
  const baseMs = options.retryBaseMs ?? 5000
  const timeoutMs = options.timeoutMs ?? 15_000
  const maxAttempts = options.maxAttempts ?? 8
  const concurrency = Math.max(1, options.concurrency ?? 4)
  const pollIntervalMs = options.pollIntervalMs ?? 5000
  // A claim outlives the request's timeout with room to spare, so only a claim lost to a crash expires
  // (and that delivery is then tried again by whichever worker runs next).
  const leaseMs = 2 * timeoutMs + 1000
  const log = options.logger ?? silent

  let running = false
  let timer: NodeJS.Timeout | undefined
  const inFlight = new Map<string, Promise<void>>()
  const waking = coalescedWake(pump, () => running && Boolean(url))
  const wake = waking.wake

  function clearTimer(): void {
    if (timer) clearTimeout(timer)
    timer = undefined
  }

  async function pump(): Promise<void> {
    clearTimer()
    try {
      const free = concurrency - inFlight.size
      if (free > 0) {
        for (const claimed of await store.claimDue(Date.now(), free, leaseMs)) deliver(claimed)
      }
      await scheduleNext()
    } catch (error) {
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'hand-off: outbox read failed')
      if (running) timer = setTimeout(wake, pollIntervalMs)
    }
  }

  async function scheduleNext(): Promise<void> {
    if (!running || inFlight.size >= concurrency) return // a finishing delivery wakes us
    const next = await store.nextDueAt()
    const wait = next === null ? pollIntervalMs : Math.min(Math.max(next - Date.now(), 10), pollIntervalMs)
    if (running) timer = setTimeout(wake, wait)
  }

  function deliver({ application, roundTries }: ClaimedDelivery): void {
    const id = application.id
    if (inFlight.has(id)) return
    const context = { id, form: application.form, try: roundTries }
    const run = (async () => {
      const outcome = await attemptDelivery(application, { url: url!, key, timeoutMs })
      const now = Date.now()
      if (outcome.kind === 'delivered') {
        await store.markDelivered(id, outcome.statusCode, now)
        log.info(maskDeep({ ...context, statusCode: outcome.statusCode }), 'hand-off: delivered')
        return
      }
      const { nextAttemptAt } = afterFailure(outcome, roundTries, { baseMs, maxAttempts, now })
      await store.markFailed(id, { error: outcome.error, statusCode: outcome.statusCode, nextAttemptAt }, now)
      const detail = maskDeep({ ...context, error: outcome.error, statusCode: outcome.statusCode })
      if (nextAttemptAt === null) log.error(detail, 'hand-off: undeliverable, moved to dead (npm run outbox -- replay-dead)')
      else log.warn({ ...detail, nextAttemptAt: new Date(nextAttemptAt).toISOString() }, 'hand-off: attempt failed, will retry')
    })()
      .catch((error: unknown) => {
        // The store failed after the attempt: the lease expires and the delivery is tried again.
        log.error({ ...context, err: error instanceof Error ? error.message : String(error) }, 'hand-off: could not record attempt')
      })
      .finally(() => {
        inFlight.delete(id)
        wake()
      })
    inFlight.set(id, run)
  }

  return {
    enabled: Boolean(url),
    start() {
      if (running || !url) return
      running = true
      wake()
    },
    async stop() {
      running = false
      clearTimer()
      await waking.settled()
      await Promise.all(inFlight.values())
      clearTimer()
    },
    wake,
  }
}
