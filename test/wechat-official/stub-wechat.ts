// A stub of WeChat's and 企业微信's HTTP APIs on loopback: issues access tokens, records every send, serves
// 微信客服 sync_msg pages from a script, and can be told to fail (an errcode, a dropped connection).
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Call {
  path: string
  query: Record<string, string>
  body: any
  /** Set when the stub failed the call (an errcode, a dropped connection, an HTTP error). */
  failed?: boolean
}

export interface StubWechat {
  url: string
  calls: Call[]
  sends(path: string): Call[]
  tokenFetches(): number
  /** Revokes every token issued so far (the next use gets 40001). */
  revokeTokens(): void
  /** The next `count` calls to `path` get this errcode (or, with 'drop', a destroyed connection). */
  failNext(path: string, count: number, failure: number | 'drop'): void
  /** Until called again with undefined, every call to `path` gets this HTTP status (an outage: 503). */
  down(path: string, status: number | undefined): void
  /** The calls to `path` the stub accepted, in order. */
  delivered(path: string): Call[]
  /** 微信客服 messages, served by sync_msg in pages of `pageSize`, cursor = index. */
  kfMessages: any[]
  pageSize: number
  close(): Promise<void>
}

const TOKEN_PATHS = new Set(['/cgi-bin/token', '/cgi-bin/gettoken'])

export async function startStubWechat(): Promise<StubWechat> {
  const calls: Call[] = []
  let tokenSerial = 0
  const valid = new Set<string>()
  const failures = new Map<string, Array<number | 'drop'>>()
  const outages = new Map<string, number>()
  const stub = {
    kfMessages: [] as any[],
    pageSize: 2,
  }
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub')
    const query = Object.fromEntries(url.searchParams)
    const raw = await read(req)
    const body = raw ? JSON.parse(raw) : undefined
    const call: Call = { path: url.pathname, query, body }
    calls.push(call)
    const outage = outages.get(url.pathname)
    if (outage !== undefined) {
      call.failed = true
      res.writeHead(outage, { 'content-type': 'text/plain' })
      return res.end('stub outage')
    }
    const reply = (json: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(json))
    }
    const failure = failures.get(url.pathname)?.shift()
    if (failure !== undefined) call.failed = true
    if (failure === 'drop') return res.destroy()
    if (failure !== undefined) return reply({ errcode: failure, errmsg: `stub failure ${failure}` })
    if (TOKEN_PATHS.has(url.pathname)) {
      await new Promise((r) => setTimeout(r, 30)) // slow enough for concurrent callers to overlap
      const token = `T${++tokenSerial}`
      valid.add(token)
      return reply({ errcode: 0, access_token: token, expires_in: 7200 })
    }
    if (!valid.has(query.access_token)) call.failed = true
    if (!valid.has(query.access_token)) return reply({ errcode: 40001, errmsg: 'invalid credential' })
    if (url.pathname === '/cgi-bin/kf/sync_msg') {
      const start = body.cursor ? Number(body.cursor) : 0
      const end = Math.min(start + Math.min(stub.pageSize, body.limit ?? 1000), stub.kfMessages.length)
      return reply({ errcode: 0, errmsg: 'ok', next_cursor: String(end), has_more: end < stub.kfMessages.length ? 1 : 0, msg_list: stub.kfMessages.slice(start, end) })
    }
    return reply({ errcode: 0, errmsg: 'ok' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(stub, {
    url: `http://127.0.0.1:${port}`,
    calls,
    sends: (path: string) => calls.filter((c) => c.path === path && (c as Call).body !== undefined),
    tokenFetches: () => calls.filter((c) => TOKEN_PATHS.has(c.path)).length,
    revokeTokens: () => valid.clear(),
    failNext(path: string, count: number, failure: number | 'drop') {
      failures.set(path, [...(failures.get(path) ?? []), ...Array(count).fill(failure)])
    },
    down(path: string, status: number | undefined) {
      if (status === undefined) outages.delete(path)
      else outages.set(path, status)
    },
    delivered: (path: string) => calls.filter((c) => c.path === path && c.body !== undefined && !c.failed),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  })
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => (text += chunk))
    req.on('end', () => resolve(text))
  })
}
