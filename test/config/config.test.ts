import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'

describe('config', () => {
  it('has the contract defaults with nothing set', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ HOST: '127.0.0.1', PORT: 3000, DATA_DIR: './data', OPENAI_TIMEOUT_MS: 15000, HANDOFF_RETRY_BASE_MS: 5000, LOG_LEVEL: 'info', TRANSCRIBE_MODEL: 'whisper-1' })
    expect(c.REDIS_URL).toBeUndefined()
    expect(c.KNOWLEDGE_DIR).toBe(join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'knowledge'))
    expect(c.OPENAI_API_KEY).toBeUndefined()
    expect(c.WECHAT_ROOMS).toEqual([])
    expect(c).toMatchObject({ REDIS_LOCK_TTL_MS: 10_000, HANDOFF_JOB_LOCK_MS: 30_000, HANDOFF_STALLED_INTERVAL_MS: 30_000 })
  })

  it('reads .env.example as valid, and lists every variable of the contract', () => {
    const text = readFileSync('.env.example', 'utf8')
    const env = Object.fromEntries([...text.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]))
    expect(() => loadConfig(env)).not.toThrow()
    for (const name of ['HOST', 'PORT', 'DATA_DIR', 'REDIS_URL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL', 'OPENAI_TIMEOUT_MS',
      'HANDOFF_WEBHOOK_URL', 'HANDOFF_WEBHOOK_SECRET', 'HANDOFF_RETRY_BASE_MS', 'API_TOKEN', 'WECHATY_PUPPET', 'WECHATY_PUPPET_SERVICE_TOKEN',
      'WECHAT_ROOMS', 'WECHAT_ADMIN', 'TRANSCRIBE_BASE_URL', 'TRANSCRIBE_API_KEY', 'TRANSCRIBE_MODEL', 'LOG_LEVEL']) {
      expect(env, name).toHaveProperty(name)
    }
  })

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT: must be a whole number/],
    [{ PORT: '70000' }, /PORT: must be a whole number from 0 to 65535/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL: must start with redis:\/\//],
    [{ HANDOFF_WEBHOOK_URL: 'not a url' }, /HANDOFF_WEBHOOK_URL: must be a URL/],
    [{ OPENAI_TIMEOUT_MS: '-5' }, /OPENAI_TIMEOUT_MS/],
    [{ REDIS_LOCK_TTL_MS: '100' }, /REDIS_LOCK_TTL_MS: must be a whole number from 500 to 600000/],
    [{ HANDOFF_JOB_LOCK_MS: '1.5' }, /HANDOFF_JOB_LOCK_MS/],
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('never echoes a secret in the error', () => {
    expect(() => loadConfig({ HANDOFF_WEBHOOK_SECRET: 'hunter2-not-whsec' })).toThrow(/HANDOFF_WEBHOOK_SECRET: must be whsec_/)
    try {
      loadConfig({ HANDOFF_WEBHOOK_SECRET: 'hunter2-not-whsec' })
    } catch (err) {
      expect(String(err)).not.toContain('hunter2')
    }
  })

  it('stops npm start with one line naming a bad variable', () => {
    let stderr = ''
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, PORT: 'abc' }, stdio: 'pipe' })
    } catch (err) {
      stderr = String((err as { stderr: Buffer }).stderr)
      expect((err as { status: number }).status).toBe(1)
    }
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/PORT: must be a whole number/)
  })

  it('stops npm start with one line when Redis cannot be reached', () => {
    let stderr = ''
    let status = 0
    const dataDir = mkdtempSync(join(tmpdir(), 'config-redis-'))
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: { ...process.env, PORT: '0', DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:1/15', WECHATY_PUPPET: '', LOG_LEVEL: 'silent' },
        stdio: 'pipe',
        timeout: 30_000,
      })
    } catch (err) {
      stderr = String((err as { stderr: Buffer }).stderr)
      status = (err as { status: number }).status
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
    expect(status).toBe(1)
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Redis at redis:\/\/127\.0\.0\.1:1\/15 is not reachable: .*ECONNREFUSED/)])
  })
})
