// scripts/build.mjs, the `npm start` build, in a copy of the project: it bundles and parses the knowledge's
// YAML ahead; run again on the same files it builds nothing; a changed source (or --force) builds again. And
// scripts/start.mjs, what `npm start` runs: from no build at all to a service answering /healthz.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs'
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

  it("npm ci's build skips, with a note, where esbuild is not installed (an install without dev dependencies)", () => {
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

  it('npm start builds what is missing and serves', async () => {
    rmSync(join(copy, '.build'), { recursive: true, force: true })
    const dataDir = mkdtempSync(join(tmpdir(), 'assistant-build-data-'))
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: copy,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', OPENAI_API_KEY: '', WECHATY_PUPPET: '', REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString()
          const started = /"url":"(http:\/\/[^"]+)"[^\n]*assistant started/.exec(out)
          if (started) resolve(started[1])
        })
        child.once('exit', (code) => reject(new Error(`exited (${code}) before starting: ${out}`)))
      })
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
      expect(statSync(join(copy, '.build/knowledge-yaml.json')).size).toBeGreaterThan(1000)
    } finally {
      const gone = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await gone
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
