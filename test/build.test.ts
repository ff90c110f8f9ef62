// scripts/build.mjs, the `npm start` build, in a copy of the project: it bundles and parses the knowledge's
// YAML ahead; run again on the same files it builds nothing; a changed source (or --force) builds again; it
// keeps the chunks of the last builds. And scripts/start.mjs, what `npm start` runs: from no build at all to a
// service answering /healthz, and two instances starting at once after a change.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { projectPath } from '../src/paths.js'

const copy = mkdtempSync(join(tmpdir(), 'assistant-build-'))
for (const part of ['src', 'knowledge', 'scripts', 'package.json', 'tsconfig.json']) cpSync(projectPath(part), join(copy, part), { recursive: true })
symlinkSync(projectPath('node_modules'), join(copy, 'node_modules'))
afterAll(() => rmSync(copy, { recursive: true, force: true }))

const build = (...args: string[]) => execFileSync(process.execPath, ['scripts/build.mjs', ...args], { cwd: copy, stdio: 'pipe' })
const builtAt = () => statSync(join(copy, '.build/app.js')).mtimeMs

describe('the start-up build', () => {
  it('bundles the app and parses the knowledge YAML ahead', () => {
    build()
    expect(readFileSync(join(copy, '.build/main.js'), 'utf8')).toContain('createApp')
    const parsed = JSON.parse(readFileSync(join(copy, '.build/knowledge-yaml.json'), 'utf8'))
    expect(Object.keys(parsed.parsed).length).toBeGreaterThanOrEqual(10)
  })

  it('builds nothing when nothing changed, and builds again when a source or the knowledge changes', async () => {
    const first = builtAt()
    await new Promise((r) => setTimeout(r, 20))
    build()
    expect(builtAt()).toBe(first)

    const later = new Date(Date.now() + 5000)
    utimesSync(join(copy, 'src/app.ts'), later, later)
    build()
    const second = builtAt()
    expect(second).not.toBe(first)

    utimesSync(join(copy, 'knowledge/intents.yaml'), later, later)
    build()
    expect(builtAt()).not.toBe(second)

    const third = builtAt()
    await new Promise((r) => setTimeout(r, 20))
    build('--force')
    expect(builtAt()).not.toBe(third)
  })

  it("npm ci's build skips, with a note, where esbuild cannot be loaded (here: a copy without node_modules)", () => {
    const bare = mkdtempSync(join(tmpdir(), 'assistant-build-nodev-'))
    try {
      for (const part of ['src', 'knowledge', 'scripts', 'package.json', 'tsconfig.json']) cpSync(projectPath(part), join(bare, part), { recursive: true })
      const run = spawnSync(process.execPath, ['scripts/build.mjs', '--if-possible'], { cwd: bare, encoding: 'utf8' })
      expect(run.status).toBe(0)
      expect(run.stderr).toContain('esbuild is not installed; skipped')
      expect(existsSync(join(bare, '.build'))).toBe(false)
    } finally {
      rmSync(bare, { recursive: true, force: true })
    }
  })

  it('keeps the files of the last five builds: an instance still running one can load its lazy chunks', () => {
    // What the last build made (scripts/build.mjs lists it, newest first, in .build/.builds).
    const files = () => new Set((JSON.parse(readFileSync(join(copy, '.build/.builds'), 'utf8')) as string[][])[0])
    const appSource = join(copy, 'src/app.ts')
    const original = readFileSync(appSource, 'utf8')
    try {
      build('--force')
      const first = files()
      const later: Set<string>[] = []
      for (let n = 1; n <= 5; n++) {
        // A change to the code itself (a comment would be bundled away), so a shared chunk's name changes.
        writeFileSync(appSource, `${original}\n;(globalThis as Record<string, unknown>).__buildMarker = ${n}\n`)
        build()
        later.push(files())
        if (n < 5) for (const file of first) expect(existsSync(join(copy, '.build', file)), `${file} after build ${n + 1}`).toBe(true)
      }
      const onlyFirst = [...first].filter((f) => !later.some((set) => set.has(f)))
      expect(onlyFirst.some((f) => f.startsWith('chunk-'))).toBe(true)
      // The sixth build drops what only the first made.
      for (const file of onlyFirst) expect(existsSync(join(copy, '.build', file)), file).toBe(false)
      expect(readdirSync(copy).filter((f) => f.startsWith('.build-staging-'))).toEqual([])
    } finally {
      writeFileSync(appSource, original)
      build()
    }
  })

  it('npm start builds what is missing and serves', async () => {
    rmSync(join(copy, '.build'), { recursive: true, force: true })
    const service = await startService()
    try {
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200)
      expect(statSync(join(copy, '.build/knowledge-yaml.json')).size).toBeGreaterThan(1000)
    } finally {
      await service.stop()
    }
  })

  it('never leaves .build/ without an entry point and every chunk it imports, even while it builds again', async () => {
    build()
    const later = new Date(Date.now() + 20_000)
    utimesSync(join(copy, 'src/app.ts'), later, later)
    const missing = new Set<string>()
    const check = () => {
      for (const entry of ['main.js', 'app.js']) {
        let code: string
        try {
          code = readFileSync(join(copy, '.build', entry), 'utf8')
        } catch {
          missing.add(entry)
          continue
        }
        for (const chunk of Array.from(code.matchAll(/from "\.\/([^"]+)"|import "\.\/([^"]+)"/g), (m) => m[1] ?? m[2])) {
          if (!existsSync(join(copy, '.build', chunk))) missing.add(chunk)
        }
      }
    }
    const building = spawn(process.execPath, ['scripts/build.mjs'], { cwd: copy, stdio: 'ignore' })
    const done = new Promise<number | null>((resolve) => building.once('exit', resolve))
    let checks = 0
    while (building.exitCode === null) {
      check()
      checks++
      await new Promise((r) => setImmediate(r))
    }
    expect(await done).toBe(0)
    expect(checks).toBeGreaterThan(10)
    expect([...missing]).toEqual([])
  })

  it('two instances started at once after a change both build and serve (neither removes what the other loads)', async () => {
    const later = new Date(Date.now() + 10_000)
    utimesSync(join(copy, 'src/app.ts'), later, later)
    const services = await Promise.allSettled([startService(), startService()])
    try {
      for (const started of services) {
        expect(started.status).toBe('fulfilled')
        if (started.status === 'fulfilled') expect((await fetch(`${started.value.url}/healthz`)).status).toBe(200)
      }
    } finally {
      await Promise.all(services.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)))
    }
  })
})

/** `node scripts/start.mjs` in the copy, with its own data directory; resolves once it says it started. */
async function startService(): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assistant-build-data-'))
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: copy,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', OPENAI_API_KEY: '', WECHATY_PUPPET: '', REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await gone
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      const read = (chunk: Buffer) => {
        out += chunk.toString()
        const started = /"url":"(http:\/\/[^"]+)"[^\n]*assistant started/.exec(out)
        if (started) resolve(started[1])
      }
      child.stdout!.on('data', read)
      child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()))
      child.once('exit', (code) => reject(new Error(`exited (${code}) before starting: ${out}`)))
    })
    return { url, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
