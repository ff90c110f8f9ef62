// The import graph (scripts/check-imports.mjs, `npm run lint`): src/ has no import circle and its layers hold, and
// the checker does catch a circle and a layer broken, in a small tree made for it.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { projectPath } from '../src/paths.js'

const check = (dir?: string) => {
  const run = spawnSync(process.execPath, [projectPath('scripts/check-imports.mjs'), ...(dir ? [dir] : [])], { encoding: 'utf8' })
  return { code: run.status, out: run.stdout + run.stderr }
}

const tree = mkdtempSync(join(tmpdir(), 'check-imports-'))
afterAll(() => rmSync(tree, { recursive: true, force: true }))
const write = (files: Record<string, string>) => {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(tree, name)), { recursive: true })
    writeFileSync(join(tree, name), text)
  }
}

describe('the import graph', () => {
  it('of src/ has no circle, storage knows nothing above it, and knowledge, eligibility and intake load no channel or LLM', () => {
    const { code, out } = check()
    expect(out).toMatch(/no circle, layers hold/)
    expect(code).toBe(0)
  })

  it('is clean in a small tree without a circle', () => {
    write({ 'a.ts': "import { b } from './b.js'\nexport const a = b\n", 'b.ts': 'export const b = 1\n' })
    expect(check(tree)).toMatchObject({ code: 0 })
  })

  it('fails on a circle, naming it, type imports included', () => {
    write({ 'b.ts': "import { c } from './c.js'\nexport const b = c\n", 'c.ts': "import type { A } from './a.js'\nexport const c = 1\nexport type C = A\n" })
    const { code, out } = check(tree)
    expect(code).toBe(1)
    expect(out).toContain('import circle: a.ts -> b.ts -> c.ts -(type)-> a.ts')
  })

  it('fails when storage imports what is above it, or knowledge loads the LLM through another module', () => {
    write({
      'c.ts': 'export const c = 1\n',
      'storage/store.ts': "import { handOff } from '../handoff/worker.js'\nexport const store = handOff\n",
      'handoff/worker.ts': 'export const handOff = 1\n',
      'knowledge/load.ts': "import { words } from '../answer/words.js'\nexport const load = words\n",
      'answer/words.ts': "import { model } from '../llm/model.js'\nexport const words = model\n",
      'llm/model.ts': "export const model = await import('openai')\n",
    })
    const { code, out } = check(tree)
    expect(code).toBe(1)
    expect(out).not.toContain('import circle')
    expect(out).toContain('layer: storage/store.ts imports handoff/worker.ts')
    expect(out).toContain('layer: knowledge/load.ts imports llm/model.ts (through answer/words.ts)')
  })
})
