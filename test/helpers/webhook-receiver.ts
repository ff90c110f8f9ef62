// A real webhook receiver for tests: a node:http server on 127.0.0.1 that verifies every request with the
// standardwebhooks package (an implementation independent of ours), records it, and answers as scripted.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { Webhook } from 'standardwebhooks'

export type ScriptedAnswer =
  | { status: number; headers?: Record<string, string>; body?: string }
  | { hang: true }

export interface ReceivedDelivery {
  id: string
  timestamp: number
  signature: string
  body: string
  payload: Record<string, unknown> | undefined
  verified: boolean
  verifyError?: string
  receivedAt: number
  answered: number | 'hang'
}

export class WebhookReceiver {
  readonly deliveries: ReceivedDelivery[] = []
  private readonly script: ScriptedAnswer[] = []
  private readonly webhook: Webhook | undefined
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  port = 0

  constructor(secret?: string) {
    this.webhook = secret ? new Webhook(secret) : undefined
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/applications`
  }

  /** Answers for the next requests, in order; after them every request gets 200. */
  answer(...answers: ScriptedAnswer[]): this {
    this.script.push(...answers)
    return this
  }

  /** Drops the answers not yet given: every request from now on gets 200. */
  answerAllNow(): this {
    this.script.length = 0
    return this
  }

  /** Starts listening (on `port` when given, to come back on the same address after close()). */
  async listen(port = this.port): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res))
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    this.server = server
    this.port = (server.address() as AddressInfo).port
    return this
  }

  /** Stops listening and drops every connection (hanging ones included): the receiver is "down". */
  async close(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = undefined
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  byId(id: string): ReceivedDelivery[] {
    return this.deliveries.filter((d) => d.id === id)
  }

  /** Resolves once `predicate` holds (checked every 10 ms), or rejects after timeoutMs. */
  async waitFor(predicate: (deliveries: ReceivedDelivery[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!predicate(this.deliveries)) {
      if (Date.now() > deadline) throw new Error(`receiver: condition not met within ${timeoutMs} ms (${this.deliveries.length} received)`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const header = (name: string) => String(req.headers[name] ?? '')
    const delivery: ReceivedDelivery = {
      id: header('webhook-id'),
      timestamp: Number(header('webhook-timestamp')),
      signature: header('webhook-signature'),
      body,
      payload: undefined,
      verified: false,
      receivedAt: Date.now(),
      answered: 200,
    }
    try {
      delivery.payload = this.webhook
        ? (this.webhook.verify(body, {
            'webhook-id': delivery.id,
            'webhook-timestamp': header('webhook-timestamp'),
            'webhook-signature': delivery.signature,
          }) as Record<string, unknown>)
        : (JSON.parse(body) as Record<string, unknown>)
      delivery.verified = Boolean(this.webhook)
    } catch (error) {
      delivery.verifyError = error instanceof Error ? error.message : String(error)
    }
    const next = this.script.shift() ?? { status: delivery.verified || !this.webhook ? 200 : 400 }
    this.deliveries.push(delivery)
    if ('hang' in next) {
      delivery.answered = 'hang'
      return // never answer; close() destroys the socket
    }
    delivery.answered = next.status
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers })
    res.end(next.body ?? '{}')
  }
}

export async function startWebhookReceiver(secret?: string): Promise<WebhookReceiver> {
  return new WebhookReceiver(secret).listen()
}
