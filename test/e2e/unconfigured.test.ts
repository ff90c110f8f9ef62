// No HANDOFF_WEBHOOK_URL yet: applications are still stored and listed as pending, and start-up says so.
// Once the app restarts with the URL on the same DATA_DIR, what was owed is delivered, once.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../src/logger.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js'
import { applicant, applyThroughChat, newSecret, sleep, until } from './support.js'

const dataDir = mkdtempSync(join(tmpdir(), 'e2e-unconfigured-'))
const secret = newSecret()
const open: (TestApp | WebhookReceiver)[] = []

afterAll(async () => {
  for (const x of open.reverse()) await x.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('hand-off not configured yet', () => {
  it('stores and lists applications, warns at start-up, and delivers them once the URL is set', async () => {
    const log: string[] = []
    const first = await startTestApp({ DATA_DIR: dataDir }, { logger: createLogger('info', { write: (l: string) => void log.push(l) }) })
    open.push(first)
    const startup = log.map((l) => JSON.parse(l) as { level: number; msg: string }).find((l) => l.msg.startsWith('hand-off:'))
    expect(startup).toMatchObject({ level: 40, msg: expect.stringContaining('HANDOFF_WEBHOOK_URL is not set') })

    const worker = applicant(3, 'early')
    const rider = await applyThroughChat(first.app.url, worker, 'work_injury_insurance')
    // The hotline console's submissions are marked as such (x-channel: console).
    const caller = applicant(4, 'early')
    const consoleApp = await applyThroughChat(first.app.url, caller, 'union_membership', { 'x-channel': 'console' })
    const listed = await first.get('/api/applications')
    expect(listed.body.counts).toEqual({ pending: 2, delivering: 0, delivered: 0, dead: 0 })
    expect(listed.body.applications.map((a: { id: string; status: string; tries: number }) => [a.id, a.status, a.tries]).sort()).toEqual(
      [[rider.applicationId, 'pending', 0], [consoleApp.applicationId, 'pending', 0]].sort(),
    )
    // Masked for operators.
    const shown = JSON.stringify(listed.body)
    expect(shown).not.toContain(worker.phone)
    expect(shown).not.toContain(worker.idNumber)
    await first.close()
    open.pop()

    const receiver = await startWebhookReceiver(secret)
    open.push(receiver)
    const second = await startTestApp({ DATA_DIR: dataDir, HANDOFF_WEBHOOK_URL: receiver.url, HANDOFF_WEBHOOK_SECRET: secret, HANDOFF_RETRY_BASE_MS: '20' })
    open.push(second)
    await until(async () => (await second.app.applications.countByStatus()).delivered === 2, 10_000, 'both delivered')
    expect(await second.app.applications.nextDueAt()).toBeNull()
    await sleep(50)
    expect(receiver.deliveries.map((d) => [d.id, d.verified]).sort()).toEqual(
      [[rider.applicationId, true], [consoleApp.applicationId, true]].sort(),
    )
    expect(receiver.byId(rider.applicationId)[0].payload).toMatchObject({ channel: 'api', userId: worker.userId })
    expect(receiver.byId(consoleApp.applicationId)[0].payload).toMatchObject({ channel: 'console', userId: caller.userId })
  })
})
