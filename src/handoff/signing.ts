// Standard Webhooks v1 signing (https://www.standardwebhooks.com): the receiver verifies
// HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{raw body}" with the secret's base64 part as the key.
import { createHmac } from 'node:crypto'

const SECRET_PREFIX = 'whsec_'

export interface WebhookHeaders {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature'?: string
}

/** The HMAC key from a `whsec_<base64>` secret (a bare base64 string is accepted too). */
export function secretKey(secret: string): Buffer {
  const base64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret
  const key = Buffer.from(base64, 'base64')
  if (key.length === 0) throw new Error('HANDOFF_WEBHOOK_SECRET has an empty key')
  return key
}

/** `v1,<base64 signature>` for one attempt. */
export function signPayload(key: Buffer, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')
  return `v1,${mac}`
}

/** The headers of one attempt: the same id every time, this attempt's timestamp, and the signature if keyed. */
export function webhookHeaders(id: string, body: string, key: Buffer | undefined, now = Date.now()): WebhookHeaders {
  const timestamp = Math.floor(now / 1000)
  const headers: WebhookHeaders = { 'webhook-id': id, 'webhook-timestamp': String(timestamp) }
  if (key) headers['webhook-signature'] = signPayload(key, id, timestamp, body)
  return headers
}
