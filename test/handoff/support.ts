// Shared bits for the hand-off tests: temp data dirs, a secret, and a realistic application record.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { newApplicationId } from '../../src/handoff/application-id.js'
import type { ApplicationRecord } from '../../src/handoff/types.js'

export const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export function applicationRecord(overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return {
    id: newApplicationId(),
    form: 'work_injury_insurance',
    channel: 'wechat',
    userId: 'wxid_rider_001',
    fields: {
      name: '张三',
      phone: '13800138000',
      idNumber: '11010519491231002X',
      industry: 'food_delivery',
      platform: '美团',
      consent: true,
    },
    eligibility: [{ programId: 'new_forms_work_injury_insurance', status: 'eligible', reasons: [], missing: [] }],
    policyVersion: 'test-policy-1',
    submittedAt: new Date().toISOString(),
    ...overrides,
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`)
    await sleep(10)
  }
}
