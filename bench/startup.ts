// Start-up time: run what `npm start` runs (prestart's build script, then node on .build/main.js) and poll
// /healthz until it answers 200. The figure is the whole of it, the build script included. The script skips
// the esbuild pass when .build/ is up to date; `forceBuild` makes it build anyway, as the first start after a
// deploy does.
import { execFileSync, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
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
  const started = performance.now()
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), ...(options.forceBuild ? ['--force'] : [])], { cwd: ROOT, stdio: 'inherit' })
  const child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, '.build/main.js')], {
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
