// The delivery worker in Redis mode: a BullMQ Worker on the hand-off queue. Each job posts one application with
// the same code as the SQLite worker (attempt.ts: body, Standard Webhooks signature, the application id as
// webhook-id on every try). The hand-off schedule rides on BullMQ's retries: the job's `attempts` is
// HANDOFF_MAX_ATTEMPTS and a custom backoff returns the schedule's delay (or a longer Retry-After); 410 and
// the last try throw UnrecoverableError, so the job fails for good and the application is dead.
// A job whose instance died stops having its lock renewed; another instance's stalled check takes it over.
import type { Redis } from 'ioredis'
import { UnrecoverableError, Worker, type Job } from 'bullmq'
import { maskDeep } from '../privacy/mask.js'
import { closeIoredis } from '../storage/redis-connection.js'
import { attemptDelivery } from './attempt.js'
import { DELIVER_JOB, HANDOFF_QUEUE, type DeliveryJobData, type RedisApplicationStore } from './redis-outbox.js'
import { afterFailure, retryDelayMs } from './schedule.js'
import { secretKey } from './signing.js'
import type { DeliveryWorker, DeliveryWorkerOptions, HandoffLogger } from './worker.js'

export const HANDOFF_BACKOFF = 'handoff'

/** A failed try that is to be retried: carries the delay the hand-off schedule chose, for the backoff strategy. */
class RetryLater extends Error {
  constructor(message: string, readonly delayMs: number) {
    super(message)
    this.name = 'RetryLater'
  }
}

/** The SQLite worker's options (url, secret, schedule, timeout, attempts, concurrency, logger), for BullMQ. */
export interface BullmqDeliveryWorkerOptions extends Omit<DeliveryWorkerOptions, 'store' | 'pollIntervalMs'> {
  store: RedisApplicationStore
  /** Makes the Worker's own connection (closed by stop()). */
  connect: () => Redis
  prefix: string
  /** How long a job stays locked without renewal: a dead instance's job is taken over after about this. */
  lockDurationMs?: number
  /** How often each worker looks for jobs whose lock expired. */
  stalledIntervalMs?: number
}

/** Waits for `promise` at most `ms` (its outcome is of no interest past that). */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([promise.catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, ms)))])
  clearTimeout(timer)
}

const silent: HandoffLogger = { info() {}, warn() {}, error() {} }
const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

export function createBullmqDeliveryWorker(options: BullmqDeliveryWorkerOptions): DeliveryWorker {
  const { store, url } = options
  const key = options.secret ? secretKey(options.secret) : undefined
  const baseMs = options.retryBaseMs ?? 5000
  const timeoutMs = options.timeoutMs ?? 15_000
  const maxAttempts = options.maxAttempts ?? 8
  const lockDurationMs = options.lockDurationMs ?? 30_000
  const log = options.logger ?? silent
  let worker: Worker<DeliveryJobData> | undefined
  let connection: Redis | undefined
  let reconciling: Promise<void> | undefined

  async function deliver(job: Job<DeliveryJobData>): Promise<string> {
    const id = job.data.id
    const began = await store.beginAttempt(id, Date.now() + lockDurationMs)
    if (!began) return 'not owed' // delivered (or gone) already: e.g. a job re-run after its worker died late
    const { application, roundTries } = began
    const context = { id, form: application.form, try: roundTries }
    const outcome = await attemptDelivery(application, { url: url!, key, timeoutMs })
    const now = Date.now()
    if (outcome.kind === 'delivered') {
      await store.markDelivered(id, outcome.statusCode, now)
      log.info(maskDeep({ ...context, statusCode: outcome.statusCode }), 'hand-off: delivered')
      return 'delivered'
    }
    const { nextAttemptAt } = afterFailure(outcome, roundTries, { baseMs, maxAttempts, now })
    await store.markFailed(id, { error: outcome.error, statusCode: outcome.statusCode, nextAttemptAt }, now)
    const detail = maskDeep({ ...context, error: outcome.error, statusCode: outcome.statusCode })
    if (nextAttemptAt === null) {
      log.error(detail, 'hand-off: undeliverable, moved to dead (npm run outbox -- replay-dead)')
      throw new UnrecoverableError(outcome.error)
    }
    log.warn({ ...detail, nextAttemptAt: new Date(nextAttemptAt).toISOString() }, 'hand-off: attempt failed, will retry')
    throw new RetryLater(outcome.error, nextAttemptAt - now)
  }

  function backoff(attemptsMade: number, _type?: string, error?: Error): number {
    if (error instanceof RetryLater) return Math.max(error.delayMs, 1)
    // Not a delivery answer (e.g. Redis failed while recording it): the plain schedule.
    return retryDelayMs(attemptsMade, baseMs)
  }

  async function onFailed(job: Job<DeliveryJobData> | undefined, error: Error): Promise<void> {
    if (!job || error instanceof RetryLater || error instanceof UnrecoverableError) return
    // Failed for good by BullMQ itself (e.g. stalled too many times): record it as dead.
    if ((await job.getState()) !== 'failed') return
    await store.markFailed(job.data.id, { error: error.message.slice(0, 200), statusCode: null, nextAttemptAt: null }, Date.now())
    log.error({ id: job.data.id, err: error.message }, 'hand-off: job failed, moved to dead (npm run outbox -- replay-dead)')
  }

  return {
    enabled: Boolean(url),
    start() {
      if (worker || !url) return
      connection = options.connect()
      worker = new Worker<DeliveryJobData>(HANDOFF_QUEUE, deliver, {
        connection,
        prefix: `${options.prefix}:bull`,
        name: DELIVER_JOB,
        concurrency: Math.max(1, options.concurrency ?? 4),
        lockDuration: lockDurationMs,
        stalledInterval: options.stalledIntervalMs ?? 30_000,
        // A job is never failed for stalling before the schedule itself would give up.
        maxStalledCount: maxAttempts,
        settings: { backoffStrategy: backoff },
      })
      worker.on('error', (error) => log.error({ err: message(error) }, 'hand-off: queue error'))
      worker.on('failed', (job, error) => {
        onFailed(job, error).catch((e: unknown) => log.error({ err: message(e) }, 'hand-off: could not record a failed job'))
      })
      reconciling = store.reconcile().then(
        ({ requeued, redacted }) => {
          if (requeued || redacted) log.info({ requeued, redacted }, 'hand-off: outbox reconciled')
        },
        (error: unknown) => log.error({ err: message(error) }, 'hand-off: outbox reconcile failed'),
      )
    },
    async stop() {
      await reconciling
      // close() lets deliveries in progress finish (bounded by their timeout), then closes the Worker's
      // connections. With Redis away it would wait for ever: then stop anyway; the stalled check of another
      // instance (or of this one, restarted) picks the job up.
      if (worker) {
        let closed = false
        const closing = worker.close().then(() => (closed = true))
        await settleWithin(closing, connection?.status === 'ready' ? timeoutMs + 2000 : 500)
        // Still closing (Redis away): drop the Worker's connections (its blocking one too) so nothing reconnects.
        if (!closed) await settleWithin(worker.disconnect(), 1000)
      }
      if (connection) await closeIoredis(connection)
      worker = undefined
      connection = undefined
    },
    // New jobs wake a blocked BullMQ worker by themselves.
    wake() {},
  }
}
