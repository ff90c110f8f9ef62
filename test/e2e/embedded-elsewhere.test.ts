// An embedder's own script, in its own working directory: createApp() still finds the project's knowledge
// (KNOWLEDGE_DIR defaults to the project's knowledge/ folder), and start, a request and stop run to the end,
// so the script exits 0 by itself. (stop() used to leave the loop with nothing to wait on while the
// checkpointer's unref'd worker finished: Node ended the script mid-stop with status 13, the database unclosed.)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const elsewhere = mkdtempSync(join(tmpdir(), 'embedder-'))

afterAll(() => rmSync(elsewhere, { recursive: true, force: true }))

describe('createApp in an embedder script run from another working directory', () => {
  it('answers with the document cited, stops, and lets the script exit 0', () => {
    const dataDir = join(elsewhere, 'data')
    const script = `
      import { createApp } from ${JSON.stringify(pathToFileURL(join(root, 'src/app.ts')).href)}
      const app = createApp({ env: { PORT: '0', DATA_DIR: ${JSON.stringify(dataDir)}, LOG_LEVEL: 'silent' } })
      await app.start()
      const res = await fetch(app.url + '/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '骑手能交工伤保险吗' }) })
      const body = await res.json()
      await app.stop()
      console.log(JSON.stringify({ status: res.status, body, stopped: true }))`
    const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/esm/index.mjs')).href
    let out: string
    try {
      out = execFileSync(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { cwd: elsewhere, encoding: 'utf8', timeout: 60_000 })
    } catch (error) {
      const { status, stdout, stderr } = error as { status: number; stdout: string; stderr: string }
      throw new Error(`the embedder script exited with ${status}: ${stderr || stdout.slice(0, 300)}`)
    }
    const { status, body, stopped } = JSON.parse(out.trim().split('\n').at(-1)!)
    expect(status).toBe(200)
    expect(body.citations[0].sectionId).toBe('3.1')
    expect(body.outOfScope).toBe(false)
    expect(stopped).toBe(true)
    expect(existsSync(join(elsewhere, 'knowledge'))).toBe(false) // nothing looked for, or made, in the embedder's folder
  })
})
