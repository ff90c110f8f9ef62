// `npm run chat`: the terminal conversation runs the same engine on the same data directory.
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createSqliteApplicationStore } from '../../src/handoff/sqlite-outbox.js'
import { openDatabase } from '../../src/storage/sqlite.js'
import { tempDataDir } from '../helpers/app.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const dataDir = tempDataDir()
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

function runChat(lines: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/chat.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', CHAT_USER: 'cli-user', OPENAI_API_KEY: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr.on('data', (c: Buffer) => (out += c.toString()))
  child.stdin.end(lines.join('\n') + '\n')
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })))
}

describe('npm run chat', () => {
  it('completes an application from the terminal and stores it', { timeout: 60_000 }, async () => {
    const { code, out } = await runChat(['我想加入工会', '同意', '张三', '13800138000', '快递', '确认'])
    expect(code).toBe(0)
    expect(out).toContain('个人信息告知')
    expect(out).toContain('138****8000')
    expect(out).not.toContain('13800138000')
    const id = /编号：([A-Z0-9]+)/.exec(out)?.[1]
    expect(id).toBeTruthy()
    const db = openDatabase(dataDir)
    try {
      const stored = await createSqliteApplicationStore(db).get(id!)
      expect(stored).toMatchObject({ form: 'union_membership', channel: 'console', userId: 'cli-user' })
      expect(stored!.fields).toMatchObject({ name: '张三', phone: '13800138000', industry: 'express_logistics' })
    } finally {
      db.close()
    }
  })
})
