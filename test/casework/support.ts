// Signed case-status events, as the office would send them (the standardwebhooks library signs them).
import { randomUUID } from 'node:crypto'
import { Webhook } from 'standardwebhooks'

export function signedEvent(secret: string, body: Record<string, unknown>, options: { id?: string; at?: Date; raw?: string } = {}) {
  const id = options.id ?? `msg_${randomUUID()}`
  const raw = options.raw ?? JSON.stringify(body)
  const at = options.at ?? new Date()
  const signature = new Webhook(secret).sign(id, at, raw)
  return {
    id,
    raw,
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature },
  }
}

export async function postEvent(baseUrl: string, event: { raw: string; headers: Record<string, string> }) {
  const res = await fetch(`${baseUrl}/api/webhooks/case-status`, { method: 'POST', headers: event.headers, body: event.raw })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
