// One delivery attempt: the CONTRACT.md body, signed, POSTed with a timeout, and the answer classified.
import { RETRY_AFTER_STATUSES, parseRetryAfter, type AttemptOutcome } from './schedule.js'
import { webhookHeaders } from './signing.js'
import type { ApplicationRecord } from './types.js'

/** The webhook body, exactly as CONTRACT.md "Hand-off webhook" lays it out. */
export function webhookBody(application: ApplicationRecord): string {
  const again = application.resubmission
  if (again) {
    return JSON.stringify({
      type: 'application.resubmitted',
      id: again.of,
      fields: application.fields,
      changed: again.changed,
      resubmittedAt: application.submittedAt,
    })
  }
  return JSON.stringify({
    type: 'application.submitted',
    id: application.id,
    form: application.form,
    submittedAt: application.submittedAt,
    channel: application.channel,
    userId: application.userId,
    fields: application.fields,
    eligibility: application.eligibility,
    policyVersion: application.policyVersion,
  })
}

/** A short, personal-data-free reason for a network failure (e.g. "ECONNREFUSED"). */
function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${timeoutMs} ms`
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined
  if (cause?.code) return `network error: ${cause.code}`
  // fetch's messages may quote the URL, whose path, query or user:password can carry a token: drop it.
  const message = (error instanceof Error ? error.message : String(error)).replace(/\b[a-z][\w+.-]*:\/\/\S*/gi, '<url>')
  return `network error: ${message}`.slice(0, 200)
}

/** fetch refuses a URL with user:password in it: send those as Basic credentials instead, as curl does. */
export function splitCredentials(raw: string): { url: string; authorization?: string } {
  const url = new URL(raw)
  if (!url.username && !url.password) return { url: raw }
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
  url.username = ''
  url.password = ''
  return { url: url.toString(), authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` }
}

export interface AttemptOptions {
  url: string
  key: Buffer | undefined
  timeoutMs: number
  userAgent?: string
}

export async function attemptDelivery(application: ApplicationRecord, opts: AttemptOptions): Promise<AttemptOutcome> {
  const body = webhookBody(application)
  const signal = AbortSignal.timeout(opts.timeoutMs)
  try {
    const target = splitCredentials(opts.url)
    const response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': opts.userAgent ?? 'ningbo-flex-policy-assistant/handoff',
        ...(target.authorization ? { authorization: target.authorization } : {}),
        ...webhookHeaders(application.id, body, opts.key),
      },
      body,
      // A redirected POST may turn into a GET without the body: count it as a failure, never follow it.
      redirect: 'manual',
      signal,
    })
    // Read (and drop) the answer under the same timeout: success means a complete 2xx response.
    await response.arrayBuffer()
    if (response.status >= 200 && response.status < 300) return { kind: 'delivered', statusCode: response.status }
    const retryAfterMs = RETRY_AFTER_STATUSES.has(response.status)
      ? parseRetryAfter(response.headers.get('retry-after'))
      : undefined
    return { kind: 'failed', statusCode: response.status, error: `HTTP ${response.status}`, retryAfterMs }
  } catch (error) {
    return { kind: 'failed', statusCode: null, error: describeError(error, opts.timeoutMs) }
  }
}
