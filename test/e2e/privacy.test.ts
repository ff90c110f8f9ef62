// Security of the whole app: a full application (with a typo, a correction, a failed delivery and a status
// query) leaves no phone or ID number, no webhook secret and no API token in the log; the data directory
// and the SQLite files are the owner's only (0700 / 0600).
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idCheckChar } from '../../src/intake/parsers/id-number.js'
import { createLogger } from '../../src/logger.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js'
import { applicant, applyThroughChat, chat, newSecret, until } from './support.js'

const TOKEN = 'e2e-privacy-token-41af0c'
const auth = { authorization: `Bearer ${TOKEN}` }
const secret = newSecret()
const root = mkdtempSync(join(tmpdir(), 'e2e-privacy-'))
// A data directory that does not exist yet: the app creates it.
const dataDir = join(root, 'nested', 'data')
const logChunks: string[] = []
const logText = () => logChunks.join('')
let receiver: WebhookReceiver
let t: TestApp

beforeAll(async () => {
  receiver = await startWebhookReceiver(secret)
  receiver.answer({ status: 500 }) // one failed try, so the failure path logs too
  t = await startTestApp(
    { DATA_DIR: dataDir, API_TOKEN: TOKEN, HANDOFF_WEBHOOK_URL: receiver.url, HANDOFF_WEBHOOK_SECRET: secret, HANDOFF_RETRY_BASE_MS: '20' },
    { logger: createLogger('debug', { write: (line: string) => void logChunks.push(line) }) },
  )
})

afterAll(async () => {
  await t?.close()
  await receiver?.close()
  rmSync(root, { recursive: true, force: true })
})

const person = applicant(42, 'privacy')
const correctedPhone = '13712345678'
// The same ID with its check digit wrong: what a worker mistyping it sends first.
const badCheck = person.idNumber.slice(0, 17) + (idCheckChar(person.idNumber) === '1' ? '2' : '1')

describe('no personal data or secret in the log', () => {
  it('a whole application, delivered after a failure, logs only masked values', async () => {
    const say = (text: string) => chat(t.app.url, person.userId, text, auth)
    await say('我想申请新业态工伤保险')
    await say('同意')
    await say(`我叫${person.name}`)
    await say(`手机 ${person.phoneTyped}`)
    const typo = await say(badCheck)
    expect(typo.awaiting).toBe('idNumber') // refused: the check digit is wrong
    await say(`身份证 ${person.idTyped}`)
    await say('送外卖')
    await say('美团')
    const corrected = await say(`电话改成${correctedPhone}`)
    expect(corrected.awaiting).toBe('confirm')
    const question = await say(`我的手机${correctedPhone}和身份证${person.idNumber}填对了吗？送外卖能交工伤保险吗`)
    expect(question.awaiting).toBe('confirm')
    const done = await say('确认')
    expect(done.applicationId).toMatch(/^A[0-9A-Z]{8}$/)
    const id = done.applicationId!
    await until(() => receiver.byId(id).some((d) => d.answered === 200), 10_000, 'delivered')
    await until(() => logText().includes('hand-off: delivered'), 5000, 'delivery logged')
    await say('我的申请')

    // The webhook body is the one place the full values go (and they did).
    const delivered = receiver.byId(id).at(-1)!
    expect(delivered.verified).toBe(true)
    expect(delivered.payload!.fields).toMatchObject({ phone: correctedPhone, idNumber: person.idNumber })

    // The capture works: debug turns, the stored application, the failed try and the delivery are all in it.
    const lines = logText().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    const messages = lines.map((l) => l.msg)
    expect(messages).toEqual(expect.arrayContaining(['turn', 'application stored', 'hand-off: attempt failed, will retry', 'hand-off: delivered']))
    expect(lines.find((l) => l.msg === 'application stored')).toMatchObject({ applicationId: id })

    const log = logText()
    for (const value of [person.phone, correctedPhone, person.idNumber, person.idNumber.toLowerCase(), badCheck, person.phoneTyped]) {
      expect(log).not.toContain(value)
    }
    // Nothing that even looks like a full mobile or ID number (a 13-digit epoch time is not one).
    expect(log.match(/(?<![\dA-Za-z])1[3-9]\d{9}(?!\d)/g)).toBeNull()
    expect(log.match(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g)).toBeNull()
    // What the user typed is not logged at all: the turn lines carry only its length.
    expect(lines.filter((l) => l.msg === 'turn').every((l) => typeof l.chars === 'number' && !('text' in l))).toBe(true)
    // Neither the webhook secret (whole or its key part) nor the API token.
    expect(log).not.toContain(secret)
    expect(log).not.toContain(secret.slice('whsec_'.length))
    expect(log).not.toContain(TOKEN)
  })
})

describe('a webhook URL carrying credentials', () => {
  it('is delivered with Basic auth, and its password and query token never reach the log or the operators', async () => {
    // A receiver that also records the Authorization header (the shared one does not).
    const received: { authorization?: string; id: string; verified: boolean }[] = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        let verified = true
        try {
          new Webhook(secret).verify(body, req.headers as Record<string, string>)
        } catch {
          verified = false
        }
        received.push({ authorization: req.headers.authorization, id: String(req.headers['webhook-id']), verified })
        res.writeHead(received.length === 1 ? 503 : 200).end('{}') // one failed try first
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    const password = 'hook-pass-7Qz'
    const queryToken = 'qtok-93kd1'
    const log: string[] = []
    const app = await startTestApp(
      { API_TOKEN: TOKEN, HANDOFF_WEBHOOK_URL: `http://backend:${password}@127.0.0.1:${port}/hooks?token=${queryToken}`, HANDOFF_WEBHOOK_SECRET: secret, HANDOFF_RETRY_BASE_MS: '20' },
      { logger: createLogger('debug', { write: (line: string) => void log.push(line) }) },
    )
    try {
      const { applicationId } = await applyThroughChat(app.app.url, applicant(43, 'privacy'), 'union_membership', auth)
      await until(async () => (await app.app.applications.get(applicationId))?.status === 'delivered', 10_000, 'delivered')
      expect(received.map((r) => [r.id, r.verified])).toEqual([[applicationId, true], [applicationId, true]])
      const basic = `Basic ${Buffer.from(`backend:${password}`).toString('base64')}`
      expect(received.map((r) => r.authorization)).toEqual([basic, basic])
      const operators = JSON.stringify((await app.get('/api/applications', auth)).body)
      for (const leak of [password, queryToken, secret.slice('whsec_'.length), TOKEN]) {
        expect(log.join('')).not.toContain(leak)
        expect(operators).not.toContain(leak)
      }
    } finally {
      await app.close()
      await new Promise((r) => server.close(r))
    }
  })
})

describe('owner-only files', () => {
  const mode = (path: string) => statSync(path).mode & 0o777

  function expectOwnerOnly(dir: string): string[] {
    expect(mode(dir).toString(8)).toBe('700')
    const files = readdirSync(dir)
    for (const f of files) expect(`${f} ${mode(join(dir, f)).toString(8)}`).toBe(`${f} 600`)
    return files
  }

  it('the data directory is 0700 and every SQLite file in it 0600, while the app runs', async () => {
    const files = expectOwnerOnly(dataDir)
    expect(files).toEqual(expect.arrayContaining(['assistant.sqlite', 'assistant.sqlite-wal', 'assistant.sqlite-shm']))
  })

  it('a loose directory and loose files from before are tightened at start-up, and stay so after writes', async () => {
    const loose = join(root, 'loose')
    mkdirSync(loose, { mode: 0o755 })
    const first = await startTestApp({ DATA_DIR: loose })
    await chat(first.app.url, 'someone', '你好')
    await first.close()
    // An operator's copy or a restore can leave them world-readable.
    chmodSync(loose, 0o755)
    for (const f of readdirSync(loose)) chmodSync(join(loose, f), 0o644)

    const second = await startTestApp({ DATA_DIR: loose })
    try {
      await chat(second.app.url, 'someone', '我想加入工会')
      await chat(second.app.url, 'someone', '同意')
      const files = expectOwnerOnly(loose)
      expect(files).toContain('assistant.sqlite')
    } finally {
      await second.close()
    }
    expectOwnerOnly(loose)
  })
})
