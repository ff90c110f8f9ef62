// Crash safety: a process is SIGKILLed with a delivery pending (receiver down) or in flight (receiver hung);
// a new process on the same DATA_DIR delivers it, once, with the same webhook-id.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteApplicationStore } from '../../src/handoff/sqlite-outbox.js'
import { openDatabase } from '../../src/storage/sqlite.js'
import { WebhookReceiver } from '../helpers/webhook-receiver.js'
import { applicationRecord, newSecret, sleep, tempDir, until } from './support.js'

const fixture = fileURLToPath(new URL('./fixtures/outbox-process.ts', import.meta.url))
const secret = newSecret()

interface Child {
  process: ChildProcess
  lines: Record<string, unknown>[]
  stdout: () => string
}

function startChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, HANDOFF_WEBHOOK_SECRET: secret, HANDOFF_RETRY_BASE_MS: '20', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const lines: Record<string, unknown>[] = []
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString()
    const parts = out.split('\n')
    out = parts.pop() ?? ''
    for (const line of parts) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>)
  })
  let err = ''
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
  children.push(child)
  return { process: child, lines, stdout: () => JSON.stringify(lines) + err }
}

async function killHard(child: Child): Promise<void> {
  const exited = new Promise((r) => child.process.once('exit', r))
  child.process.kill('SIGKILL')
  await exited
}

async function stopGracefully(child: Child): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.process.once('exit', (code) => r(code)))
  child.process.kill('SIGTERM')
  return exited
}

const children: ChildProcess[] = []
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const clean of cleanups.splice(0).reverse()) await clean()
})

function countIn(dataDir: string, id: string) {
  const db = openDatabase(dataDir)
  try {
    const n = (db.prepare('SELECT COUNT(*) AS n FROM applications WHERE id = ?').get(id) as { n: number }).n
    return { n, status: (db.prepare('SELECT status FROM deliveries WHERE application_id = ?').get(id) as { status: string }).status }
  } finally {
    db.close()
  }
}

describe('crash and restart', () => {
  it('receiver down and process SIGKILLed with a delivery pending: both back, delivered once', async () => {
    const tmp = tempDir()
    cleanups.push(tmp.remove)
    const receiver = await new WebhookReceiver(secret).listen()
    cleanups.push(() => receiver.close())
    const port = receiver.port
    await receiver.close() // down: connections refused
    const record = applicationRecord()
    // A short request timeout keeps the claim lease short, so a retry caught mid-claim by the kill is due soon.
    const env = { DATA_DIR: tmp.dir, HANDOFF_WEBHOOK_URL: receiver.url, HANDOFF_TIMEOUT_MS: '500', SUBMIT_RECORD: JSON.stringify(record) }

    const first = startChild(env)
    await until(() => first.lines.some((l) => l.msg === 'hand-off: attempt failed, will retry'), 15_000, 'a failed attempt')
    await killHard(first)
    // Still owed: waiting for its next try, or claimed for it when the kill came (the lease then runs out).
    const afterKill = countIn(tmp.dir, record.id)
    expect(afterKill.n).toBe(1)
    expect(['pending', 'delivering']).toContain(afterKill.status)

    await receiver.listen(port)
    const second = startChild(env) // the engine re-confirming the same form instance: same id
    await receiver.waitFor((d) => d.length >= 1, 15_000)
    await until(() => countIn(tmp.dir, record.id).status === 'delivered', 5000, 'recorded as delivered')
    await sleep(300)
    expect(receiver.deliveries).toHaveLength(1)
    expect(receiver.deliveries[0]).toMatchObject({ id: record.id, verified: true })
    expect(countIn(tmp.dir, record.id)).toEqual({ n: 1, status: 'delivered' })
    expect(second.lines.some((l) => l.msg === 'submitted' && l.created === false)).toBe(true)
    // The real logger's output carries no personal data and no secret.
    for (const child of [first, second]) {
      expect(child.stdout()).not.toContain('13800138000')
      expect(child.stdout()).not.toContain('11010519491231002X')
      expect(child.stdout()).not.toContain(secret.slice(6))
    }
    expect(await stopGracefully(second)).toBe(0)
  })

  it('killed with the request in flight: the next process delivers it again with the same id', async () => {
    const tmp = tempDir()
    cleanups.push(tmp.remove)
    // Every request hangs until the kill (on a loaded machine the first process may time out and try again).
    const receiver = await new WebhookReceiver(secret).answer(...Array.from({ length: 20 }, () => ({ hang: true as const }))).listen()
    cleanups.push(() => receiver.close())
    const record = applicationRecord()
    const env = { DATA_DIR: tmp.dir, HANDOFF_WEBHOOK_URL: receiver.url, HANDOFF_TIMEOUT_MS: '300' }

    const first = startChild({ ...env, SUBMIT_RECORD: JSON.stringify(record) })
    await receiver.waitFor((d) => d.length === 1, 15_000)
    await killHard(first)
    expect(countIn(tmp.dir, record.id).status).toBe('delivering')
    receiver.answerAllNow()

    const second = startChild(env)
    await until(() => countIn(tmp.dir, record.id).status === 'delivered', 15_000, 'delivered after restart')
    const attempts = receiver.byId(record.id).map((d) => [d.answered, d.verified])
    expect(attempts.at(-1)).toEqual([200, true])
    expect(attempts.slice(0, -1).length).toBeGreaterThanOrEqual(1)
    for (const a of attempts.slice(0, -1)) expect(a).toEqual(['hang', true])
    expect(await stopGracefully(second)).toBe(0)
  })
})
