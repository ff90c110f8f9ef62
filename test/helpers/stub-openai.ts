// A stub OpenAI-compatible endpoint on loopback: POST /v1/chat/completions (non-streaming), scripted per test.
// The real ChatOpenAI client talks to it over real HTTP, so timeouts, status codes and bad bodies are real.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export type StubBehaviour =
  | { kind: 'reply'; content: string; inputTokens?: number; outputTokens?: number }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Never answers (until the server closes). */
  | { kind: 'hang' }
  /** 200 with a body that is not a chat completion. */
  | { kind: 'garbage'; body?: string }

export interface StubRequest {
  path: string
  headers: http.IncomingHttpHeaders
  /** The parsed JSON body (null if it was not JSON). */
  body: any
  raw: string
}

export interface StubOpenAI {
  /** What OPENAI_BASE_URL should be, e.g. http://127.0.0.1:43210/v1 */
  baseURL: string
  requests: StubRequest[]
  /** Behaviours for the next requests, in order; when none is queued, the fallback answers. */
  enqueue(...behaviours: StubBehaviour[]): void
  /** What to do when nothing is queued: a fixed behaviour or one computed from the request. */
  setFallback(fallback: StubBehaviour | ((request: StubRequest) => StubBehaviour)): void
  reset(): void
  close(): Promise<void>
}

export const reply = (content: string, inputTokens = 120, outputTokens = 40): StubBehaviour => ({ kind: 'reply', content, inputTokens, outputTokens })
export const status = (code: number, body: unknown = { error: { message: `stub ${code}`, type: 'server_error' } }): StubBehaviour => ({ kind: 'status', status: code, body })
export const hang = (): StubBehaviour => ({ kind: 'hang' })
export const garbage = (body = '<html>502 Bad Gateway</html>{'): StubBehaviour => ({ kind: 'garbage', body })

export async function startStubOpenAI(): Promise<StubOpenAI> {
  const requests: StubRequest[] = []
  let queue: StubBehaviour[] = []
  let fallback: StubBehaviour | ((request: StubRequest) => StubBehaviour) = status(500)
  let counter = 0

  const server = http.createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (raw += chunk))
    req.on('end', () => {
      let body: any = null
      try {
        body = JSON.parse(raw)
      } catch {
        body = null
      }
      const request: StubRequest = { path: req.url ?? '', headers: req.headers, body, raw }
      requests.push(request)
      if (req.method !== 'POST' || !request.path.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }))
        return
      }
      const behaviour = queue.shift() ?? (typeof fallback === 'function' ? fallback(request) : fallback)
      respond(res, behaviour, body?.model ?? 'stub-model', ++counter)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...behaviours) => queue.push(...behaviours),
    setFallback: (f) => (fallback = f),
    reset() {
      requests.length = 0
      queue = []
      fallback = status(500)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections() // hung requests included
        server.close(() => resolve())
      }),
  }
}

function respond(res: http.ServerResponse, behaviour: StubBehaviour, model: string, n: number): void {
  switch (behaviour.kind) {
    case 'hang':
      return
    case 'garbage':
      res.writeHead(200, { 'content-type': 'application/json' }).end(behaviour.body)
      return
    case 'status':
      res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers }).end(JSON.stringify(behaviour.body ?? {}))
      return
    case 'reply': {
      const input = behaviour.inputTokens ?? 0
      const output = behaviour.outputTokens ?? 0
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: `chatcmpl-stub-${n}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: behaviour.content }, finish_reason: 'stop', logprobs: null }],
          usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
        }),
      )
    }
  }
}
