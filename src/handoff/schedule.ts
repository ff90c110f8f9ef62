// When to try again. Svix's schedule scaled from HANDOFF_RETRY_BASE_MS: with the default 5000 that is
// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the first try, then dead (8 tries in all).
//
// Which answers are retried: every non-2xx except 410, as Svix does. A 400/401/403/404 is usually a
// misconfiguration (wrong URL, rotated secret) that an operator fixes within hours; retrying through the
// schedule then delivers without anyone replaying by hand. 410 Gone means "stop sending": dead at once.

export const RETRY_MULTIPLIERS = [1, 60, 360, 1440, 3600, 7200, 7200] as const

/** Largest wait we accept from a Retry-After header, so a bad header cannot park an application for ever. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000

/** Retry-After is honoured on these (throttling and temporary unavailability). */
export const RETRY_AFTER_STATUSES = new Set([429, 502, 503, 504])

/** Delay before try number `failedTries + 1`, with ±20% jitter so a burst of failures does not retry in step. */
export function retryDelayMs(failedTries: number, baseMs: number, random: () => number = Math.random): number {
  const index = Math.min(Math.max(failedTries, 1), RETRY_MULTIPLIERS.length) - 1
  const delay = RETRY_MULTIPLIERS[index] * baseMs
  return Math.round(delay * (0.8 + 0.4 * random()))
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS)
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.min(Math.max(date - now, 0), MAX_RETRY_AFTER_MS)
}

export type AttemptOutcome =
  | { kind: 'delivered'; statusCode: number }
  | { kind: 'failed'; statusCode: number | null; error: string; retryAfterMs?: number }

export interface NextStep {
  /** Epoch ms of the next try, or null: dead. */
  nextAttemptAt: number | null
}

/** What happens after a failed try: dead on 410 or when tries are used up, else the later of schedule and Retry-After. */
export function afterFailure(
  outcome: Extract<AttemptOutcome, { kind: 'failed' }>,
  roundTries: number,
  opts: { baseMs: number; maxAttempts: number; now: number; random?: () => number },
): NextStep {
  if (outcome.statusCode === 410) return { nextAttemptAt: null }
  if (roundTries >= opts.maxAttempts) return { nextAttemptAt: null }
  const scheduled = retryDelayMs(roundTries, opts.baseMs, opts.random)
  const delay = Math.max(scheduled, outcome.retryAfterMs ?? 0)
  return { nextAttemptAt: opts.now + delay }
}
