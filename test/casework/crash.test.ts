// Issue 24: a SIGKILL between accepting a status event and telling the worker. The event is accepted (200) by one
// app process, which is killed before the worker writes again; a new process on the same DATA_DIR tells the
// worker at their next message, once, and the office's retry of the same event changes nothing.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { applicant, applyThroughChat, chat, newSecret, until } from '../e2e/support.js'
import { postEvent, signedEvent } from './support.js'

const fixture = fileURLToPath(new URL('../e2e/fixtures/app-process.ts', import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), 'case-crash-'))
const children: ChildProcess[] = []

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

async function startApp(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  await until(() => out.includes('app-process ready') || child.exitCode !== null, 30_000, 'app process ready')
  const ready = /\{"msg":"app-process ready","url":"([^"]+)"\}/.exec(out)
  if (!ready) throw new Error(`app process exited: ${out}`)
  return { child, url: ready[1]! }
}

describe('a status event accepted just before a SIGKILL', () => {
  it('is told to the worker by the next process, once', async () => {
    const secret = newSecret()
    const env = { CASE_STATUS_SECRET: secret, NOTICE_QUIET_HOURS: 'false' }
    const first = await startApp(env)
    const worker = applicant(41, 'crash')
    const { applicationId } = await applyThroughChat(first.url, worker, 'union_membership')
    const event = signedEvent(secret, { type: 'application.status', applicationId, status: 'received', at: new Date().toISOString(), caseNumber: 'NB-K1' })
    expect(await postEvent(first.url, event)).toMatchObject({ status: 200, body: { outcome: 'accepted' } })

    const exited = new Promise((r) => first.child.once('exit', r))
    first.child.kill('SIGKILL')
    await exited

    const second = await startApp(env)
    // The office did not hear back in time and sends the same event again: a duplicate, nothing new.
    expect(await postEvent(second.url, event)).toMatchObject({ status: 200, body: { outcome: 'duplicate' } })
    const next = await chat(second.url, worker.userId, '你好')
    expect(next.replies[0]).toContain(applicationId)
    expect(next.replies[0]).toContain('已受理')
    const after = await chat(second.url, worker.userId, '你好')
    expect(after.replies.join('\n')).not.toContain('已受理')
    second.child.kill('SIGKILL')
  }, 60_000)
})
