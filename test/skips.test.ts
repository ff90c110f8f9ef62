// Skips are loud: a run without Chromium or Redis passes but its closing lines name each skipped group, why and how
// to enable it; with TEST_NO_SKIPS=1 (as .ci/run sets) the same run fails. Runs vitest itself on the browser test
// and one Redis file, with Chromium and Redis pointed where there is none.
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { projectPath } from '../src/paths.js'

function vitest(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [projectPath('node_modules/vitest/vitest.mjs'), 'run', 'test/console/console.test.ts', 'test/redis/lock.test.ts'], {
    cwd: projectPath('.'),
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CHROMIUM_PATH: '/nonexistent/chromium', REDIS_TEST_URL: 'redis://127.0.0.1:1/15', TEST_NO_SKIPS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })))
}

describe('skipped tests', () => {
  it('are named after the summary, one line a group, and the run passes', async () => {
    const { code, out } = await vitest({})
    expect(code).toBe(0)
    const closing = out.trimEnd().split('\n').slice(-2)
    expect(closing[0]).toMatch(/^skipped \d+ browser tests: no Chromium at \/nonexistent\/chromium \(apt-get install -y chromium fonts-wqy-microhei/)
    expect(closing[1]).toMatch(/^skipped \d+ Redis tests: Redis not reachable at redis:\/\/127\.0\.0\.1:1\/15 \(redis-server --daemonize yes/)
  })

  it('fail the run under TEST_NO_SKIPS=1, before any test runs', async () => {
    const { code, out } = await vitest({ TEST_NO_SKIPS: '1' })
    expect(code).toBe(1)
    expect(out).toContain('TEST_NO_SKIPS=1 allows no skipped tests')
    expect(out).toMatch(/browser tests cannot run: no Chromium/)
    expect(out).toMatch(/Redis tests cannot run: Redis not reachable/)
  })
})
