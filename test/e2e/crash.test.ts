// The whole app killed with SIGKILL while a delivery is pending (receiver down): a worker completes a form
// over HTTP against a separate app process, the process dies, then the receiver and a new app process on
// the same DATA_DIR come back, and the application is delivered exactly once under the number shown.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/storage/sqlite.js'
import { WebhookReceiver } from '../helpers/webhook-receiver.js'
import { applicant, applyThroughChat, chat, fillForm, newSecret, sleep, until } from './support.js'

const fixture = fileURLToPath(new URL('./fixtures/app-process.ts', import.meta.url))
const secret = newSecret()
const dataDir = mkdtempSync(join(tmpdir(), 'e2e-crash-'))
const children: ChildProcess[] = []
let receiver: WebhookReceiver | undefined

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  await receiver?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

interface AppProcess {
  child: ChildProcess
  url: string
  /** Every JSON line the process wrote (its log included). */
  lines: Record<string, unknown>[]
  output: () => string
}

async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  const lines: Record<string, unknown>[] = []
  let raw = ''
  let partial = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    raw += chunk.toString()
    const parts = (partial + chunk.toString()).split('\n')
    partial = parts.pop() ?? ''
    for (const line of parts) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>)
  })
  child.stderr!.on('data', (chunk: Buffer) => (raw += chunk.toString()))
  const output = () => raw
  await until(() => lines.some((l) => l.msg === 'app-process ready') || child.exitCode !== null, 30_000, 'app process ready')
  const ready = lines.find((l) => l.msg === 'app-process ready')
  if (!ready) throw new Error(`app process exited: ${output()}`)
  return { child, url: String(ready.url), lines, output }
}

async function killHard(p: AppProcess): Promise<void> {
  const exited = new Promise((r) => p.child.once('exit', r))
  p.child.kill('SIGKILL')
  await exited
}

/** The stored state of one application, read straight from the SQLite file the processes share. */
function storedState(id: string): { rows: number; status: string | undefined; tries: number | undefined } {
  const db = openDatabase(dataDir)
  try {
    const rows = (db.prepare('SELECT COUNT(*) AS n FROM applications').get() as { n: number }).n
    const row = db.prepare('SELECT status, tries FROM deliveries WHERE application_id = ?').get(id) as
      | { status: string; tries: number }
      | undefined
    return { rows, status: row?.status, tries: row?.tries }
  } finally {
    db.close()
  }
}

describe('the app killed with a delivery pending', () => {
  it('delivers exactly once after the receiver and a new process come back', async () => {
    receiver = await new WebhookReceiver(secret).listen()
    const port = receiver.port
    await receiver.close() // down: connections refused
    // A base of 3 s: the retry after the first failure is 2.4-3.6 s away, so the kill surely comes before it,
    // and the new process (seconds to start) finds it due, or due soon.
    // A short request timeout keeps the claim lease short too, should a slow machine let the kill land mid-retry.
    const env = { DATA_DIR: dataDir, HANDOFF_WEBHOOK_URL: receiver.url, HANDOFF_WEBHOOK_SECRET: secret, HANDOFF_RETRY_BASE_MS: '3000', HANDOFF_TIMEOUT_MS: '1000' }
    const person = applicant(7, 'crash')
    const midway = applicant(8, 'crash') // at the summary, not yet confirmed, when the process dies

    const first = await startAppProcess(env)
    const { applicationId, confirmation } = await applyThroughChat(first.url, person, 'work_injury_insurance')
    expect(confirmation.join('\n')).toContain(applicationId)
    await fillForm(first.url, midway, 'union_membership')
    await until(() => first.lines.some((l) => l.msg === 'hand-off: attempt failed, will retry'), 10_000, 'a failed attempt')
    await killHard(first)
    const afterKill = storedState(applicationId)
    expect(afterKill.rows).toBe(1)
    expect(['pending', 'delivering']).toContain(afterKill.status) // still owed


    await receiver.listen(port)
    const second = await startAppProcess(env)
    await receiver.waitFor((d) => d.length >= 1, 20_000)
    await until(() => storedState(applicationId).status === 'delivered', 5000, 'recorded as delivered')
    const delivered = storedState(applicationId)
    expect(delivered).toMatchObject({ rows: 1, status: 'delivered' })
    // Two tries (a failed one, then the delivery), or three if the kill caught a retry in flight.
    expect(delivered.tries).toBeGreaterThanOrEqual(2)

    // The worker confirming again after the restart is told the same number; nothing new is stored.
    const again = await chat(second.url, person.userId, '确认')
    expect(again.applicationId).toBe(applicationId)
    expect(again.replies.join('\n')).toContain(applicationId)
    expect(storedState(applicationId)).toEqual(delivered)

    const listed = await fetch(`${second.url}/api/applications/${applicationId}`).then((r) => r.json())
    expect(listed).toMatchObject({ id: applicationId, status: 'delivered', tries: delivered.tries, deliveredAt: expect.any(String) })

    // A moment for any duplicate to show up, then: one request, signed, the right body.
    await sleep(200)
    expect(receiver.deliveries).toHaveLength(1)
    const [delivery] = receiver.deliveries
    expect(delivery).toMatchObject({ id: applicationId, verified: true, answered: 200 })
    expect(delivery.payload).toMatchObject({
      id: applicationId,
      form: 'work_injury_insurance',
      channel: 'api',
      userId: person.userId,
      fields: { phone: person.phone, idNumber: person.idNumber, name: person.name },
    })

    // The worker who was at the summary goes on where they were: 确认 on the new process submits, once.
    const resumed = await chat(second.url, midway.userId, '确认')
    expect(resumed.applicationId).toMatch(/^A[0-9A-Z]{8}$/)
    await until(() => storedState(resumed.applicationId!).status === 'delivered', 10_000, 'resumed form delivered')
    expect(receiver.deliveries.map((d) => d.id)).toEqual([applicationId, resumed.applicationId])
    expect(receiver.byId(resumed.applicationId!)[0]).toMatchObject({ verified: true, payload: { userId: midway.userId, form: 'union_membership' } })

    // A clean stop leaves nothing running: the process exits by itself, with code 0.
    const exited = new Promise<number | null>((r) => second.child.once('exit', (code) => r(code)))
    second.child.kill('SIGTERM')
    expect(await Promise.race([exited, sleep(10_000).then(() => 'still running after stop()')])).toBe(0)
    expect(second.lines.some((l) => l.msg === 'app-process stopped')).toBe(true)

    // Neither process logged a phone, the ID number or the secret.
    for (const p of [first, second]) {
      expect(p.output()).not.toContain(person.phone)
      expect(p.output()).not.toContain(midway.phone)
      expect(p.output()).not.toContain(person.idNumber)
      expect(p.output()).not.toContain(secret.slice('whsec_'.length))
    }
  }, 90_000) // two app processes start here; on two shared cores each may take ten seconds
})
