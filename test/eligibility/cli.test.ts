// npm run eligibility -- profile.json: the API's JSON, or a readable summary with --text.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { evaluate } from '../../src/eligibility/evaluate.js'
import { eligibility } from './knowledge.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'eligibility-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli/eligibility.ts', ...args], { cwd: ROOT })

describe('eligibility CLI', () => {
  const profile = { asOf: '2026-03-01', industry: 'taxi', buyingVehicle: true, workType: 'flexible' }
  const file = join(dir, 'profile.json')
  writeFileSync(file, JSON.stringify({ profile }))

  it('prints the API shape, and the summary with --text', async () => {
    const [json, text] = await Promise.all([cli(file), cli(file, '--text')])
    const expected = evaluate(eligibility.programmes, profile as never, { sections: eligibility.sections })
    expect(JSON.parse(json.stdout)).toEqual({ results: expected })
    expect(text.stdout).toContain('【可能可以】')
    expect(text.stdout).toContain('· 购置营运车辆创业担保贷款和贴息')
  }, 20_000)

  it('refuses an impossible date naming the field, with a non-zero exit', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ businessStartDate: '2023-02-30' }))
    await expect(cli(bad)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('profile.businessStartDate: must be a real date') })
  }, 20_000)
})
