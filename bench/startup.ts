// Start-up time: run what `npm start` runs (node on scripts/start.mjs: the build when .build/ is out of date,
// then the service from .build/) and poll /healthz until it answers 200. `forceBuild` makes .build/ out of
// date first, as the first start after a deploy finds it.
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { startNodeFlags } from './lib/env.js'
import { ROOT } from './lib/questions.js'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Milliseconds from spawn until GET /healthz answers 200. */
export async function startupMs(env: Record<string, string | undefined>, options: { forceBuild?: boolean } = {}, timeoutMs = 30_000): Promise<number> {
  const port = await freePort()
  if (options.forceBuild) rmSync(join(ROOT, '.build/.sources'), { force: true })
  const started = performance.now()
  const child = spawn(process.execPath, [...startNodeFlags(), join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  let exited = false
  child.once('exit', () => (exited = true))
  try {
    while (performance.now() - started < timeoutMs) {
      if (exited) throw new Error(`npm start exited with ${child.exitCode} before /healthz answered`)
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false)
      if (ok) return performance.now() - started
      await new Promise((r) => setTimeout(r, 5))
    }
    throw new Error(`/healthz did not answer within ${timeoutMs} ms`)
  } finally {
    if (!exited) {
      const gone = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await gone
    }
  }
}
