// Builds the real app on a temporary data directory and a free loopback port, for integration tests.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, type App, type AppOptions } from '../../src/app.js'

export interface TestApp {
  app: App
  dataDir: string
  /** POSTs JSON to the app and returns status and parsed body. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>
  close(): Promise<void>
}

export function tempDataDir(prefix = 'assistant-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export async function startTestApp(env: Record<string, string> = {}, options: Omit<AppOptions, 'env'> = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? tempDataDir()
  const app = createApp({ ...options, env: { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...env } })
  await app.start()
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(app.url + path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as any }
  }
  return {
    app,
    dataDir,
    post: (path, body, headers) => call('POST', path, body, headers),
    get: (path, headers) => call('GET', path, undefined, headers),
    async close() {
      await app.stop()
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
