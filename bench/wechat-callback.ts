// The 公众号 callback's acknowledgement while answers are being sent (issue 25: under 50 ms p99). The assistant
// runs as `npm start` runs it (the .build bundle, SQLite) with a 公众号 in safe mode whose API is a stub here,
// answering after STUB_DELAY_MS as the real one does over the internet. autocannon posts encrypted, signed
// text-message callbacks, each from a new follower asking one of the eval questions; every one is answered
// through the stub, so the answers' engine turns and sends run beside the acknowledgements being measured.
//   npm run bench -- --wechat             this figure alone (npm run bench includes it)
//   BENCH_WECHAT_RATE=300 BENCH_WECHAT_SECONDS=20 npm run bench -- --wechat
import { createHash, randomBytes } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { encrypt, getSignature } from '@wecom/crypto'
import autocannon from 'autocannon'
import { startChild } from './lib/child.js'
import { appEnv } from './lib/env.js'
import { ROOT, evalQuestions } from './lib/questions.js'
import { percentile, round } from './lib/stats.js'

/** A busy service account: this many callbacks a second, over this many connections (see run()). */
const RATE = Number(process.env.BENCH_WECHAT_RATE ?? 100)
const WAVES = 20
const SECONDS = Number(process.env.BENCH_WECHAT_SECONDS ?? 10)
const WARM_SECONDS = 3
/** The platform's API, as far away as api.weixin.qq.com is from a server in China. */
const STUB_DELAY_MS = 50
const APPID = 'wxbench0000000001'
const TOKEN = 'benchtoken'
const AES_KEY = randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'A').slice(0, 43)
const SEND = '/cgi-bin/message/custom/send'

export interface WechatCallbackResult {
  rate: number
  connections: number
  seconds: number
  /** The callbacks' acknowledgement (HTTP 200 `success`), as autocannon measured it. */
  ack: { p50Ms: number; p99Ms: number; maxMs: number; callbacks: number; failed: number }
  /** From the callback leaving the client to the answer's first part reaching the stub. */
  answer: { sent: number; answered: number; p50Ms: number; p99Ms: number }
}

const log = (line: string) => process.stderr.write(`${line}\n`)

/** The platform's API: tokens, and customer-service sends (recorded with the time they arrived), after a delay. */
async function startStub(onSend: (openid: string) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]
      if (path === SEND) onSend((JSON.parse(raw) as { touser: string }).touser)
      const body = path === '/cgi-bin/token' ? { errcode: 0, access_token: 'BENCHTOKEN', expires_in: 7200 } : { errcode: 0, errmsg: 'ok' }
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)), STUB_DELAY_MS)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

/** Callback number `i`: a new follower's question, sealed and signed as WeChat sends it. */
function callback(i: number, question: string): { path: string; body: string } {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = String(100_000 + i)
  const inner = `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[bench-openid-${i}]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${question}]]></Content><MsgId>${9_000_000 + i}</MsgId></xml>`
  const sealed = encrypt(AES_KEY, inner, APPID)
  const signature = createHash('sha1').update([TOKEN, timestamp, nonce].sort().join('')).digest('hex')
  const query = new URLSearchParams({ signature, timestamp, nonce, openid: `bench-openid-${i}`, encrypt_type: 'aes', msg_signature: getSignature(TOKEN, timestamp, nonce, sealed) })
  return { path: `/channels/wechat-mp?${query}`, body: `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[${sealed}]]></Encrypt></xml>` }
}

export async function wechatCallbackBench(): Promise<WechatCallbackResult> {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' })
  const questions = evalQuestions()
  const total = Math.ceil(RATE * (SECONDS + WARM_SECONDS) * 1.2) + WAVES
  const callbacks = Array.from({ length: total }, (_, i) => callback(i, questions[i % questions.length]))
  /** When callback i left the client, and when its answer's first part arrived at the stub. */
  const sentAt = new Float64Array(total)
  const answeredAt = new Float64Array(total)
  const stub = await startStub((openid) => {
    const i = Number(openid.slice('bench-openid-'.length))
    if (!answeredAt[i]) answeredAt[i] = performance.now()
  })
  const app = startChild<{ url: string }>('app-server.mjs', {
    ...appEnv('sqlite', undefined),
    LOG_LEVEL: 'warn',
    WECHAT_MP_APPID: APPID,
    WECHAT_MP_SECRET: 'benchsecret',
    WECHAT_MP_TOKEN: TOKEN,
    WECHAT_MP_AES_KEY: AES_KEY,
    WECHAT_API_BASE: stub.url,
  })
  try {
    const url = (await app.first).url
    let next = 0
    // The load: WAVES autocannon clients of one connection each, started 1 / WAVES s apart, each sending its
    // RATE / WAVES callbacks back to back at the start of its own second. So the callbacks come spread through the
    // second, as WeChat's do, rather than a second's worth at once (what autocannon's own rate limit does).
    // Latency is taken per response; autocannon's coordinated-omission correction assumes a 1 ms interval here.
    const run = async (seconds: number): Promise<{ ackMs: number[]; failed: number }> => {
      const ackMs: number[] = []
      let failed = 0
      const wave = async (w: number) => {
        await new Promise((r) => setTimeout(r, (w * 1000) / WAVES))
        const tracker = autocannon({
          url,
          connections: 1,
          connectionRate: RATE / WAVES,
          duration: seconds,
          timeout: 10,
          ignoreCoordinatedOmission: true,
          requests: [{
            method: 'POST',
            headers: { 'content-type': 'text/xml' },
            setupRequest: (request: { path: string; body: string }) => {
              const i = next++ % total
              sentAt[i] = performance.now()
              return Object.assign(request, callbacks[i])
            },
          }],
        } as autocannon.Options) as Promise<autocannon.Result> & { on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void }
        tracker.on('response', (_client, status, _bytes, ms) => (status === 200 ? ackMs.push(ms) : failed++))
        const result = await tracker
        failed += result.errors + result.timeouts
      }
      await Promise.all(Array.from({ length: WAVES }, (_, w) => wave(w)))
      return { ackMs: ackMs.sort((a, b) => a - b), failed }
    }
    log(`wechat callbacks: ${WARM_SECONDS} s warm-up, then ${SECONDS} s at ${RATE}/s over ${WAVES} connections, the stub answering after ${STUB_DELAY_MS} ms`)
    await run(WARM_SECONDS)
    const first = next
    const { ackMs, failed } = await run(SECONDS)
    const last = next
    // Every measured callback's answer, within a while.
    const deadline = performance.now() + 30_000
    const unanswered = () => {
      let n = 0
      for (let i = first; i < last; i++) if (!answeredAt[i % total]) n++
      return n
    }
    while (unanswered() > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    const answerMs: number[] = []
    for (let i = first; i < last; i++) if (answeredAt[i % total]) answerMs.push(answeredAt[i % total] - sentAt[i % total])
    answerMs.sort((a, b) => a - b)
    return {
      rate: RATE,
      connections: WAVES,
      seconds: SECONDS,
      ack: { p50Ms: round(percentile(ackMs, 50), 1), p99Ms: round(percentile(ackMs, 99), 1), maxMs: round(ackMs.at(-1) ?? NaN, 1), callbacks: ackMs.length, failed },
      answer: { sent: last - first, answered: answerMs.length, p50Ms: round(percentile(answerMs, 50)), p99Ms: round(percentile(answerMs, 99)) },
    }
  } finally {
    await app.stop()
    await new Promise<void>((resolve) => stub.server.close(() => resolve()))
  }
}

export function describeWechatCallback(r: WechatCallbackResult): string {
  return `ack p50 ${r.ack.p50Ms} ms, p99 ${r.ack.p99Ms} ms, max ${r.ack.maxMs} ms (${r.ack.callbacks} callbacks at ${r.rate}/s, ${r.ack.failed} failed); ${r.answer.answered} of ${r.answer.sent} answered, the first part at the API after p50 ${r.answer.p50Ms} ms, p99 ${r.answer.p99Ms} ms`
}
