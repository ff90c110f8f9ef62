// Shared by the scale-out tests: assistant instances as child processes (fixtures/instance.ts), the applicants
// they serve, and the text a user types for whatever the form is waiting for.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { idCheckChar } from '../../src/intake/parsers/id-number.js'

const fixture = fileURLToPath(new URL('./fixtures/instance.ts', import.meta.url))

export interface Instance {
  name: string
  process: ChildProcess
  url: string
  lines: Record<string, unknown>[]
  output: () => string
}

/**
 * The instances' Redis-mode timings, short so that a killed instance's locks and deliveries are taken over within
 * the tests' patience. Set over whatever the shell exports under these names (an operator's .env, say).
 */
export const INSTANCE_TIMINGS = { REDIS_LOCK_TTL_MS: '2000', HANDOFF_JOB_LOCK_MS: '1000', HANDOFF_STALLED_INTERVAL_MS: '500' }

/** Starts one instance; every child goes into `children` so afterAll can kill whatever is left. */
export function startInstance(name: string, env: Record<string, string>, opts: { dataDir: string; children: ChildProcess[] }): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, ...INSTANCE_TIMINGS, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: opts.dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  opts.children.push(child)
  const lines: Record<string, unknown>[] = []
  let pending = ''
  let err = ''
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${err}`)), 20_000)
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${err}`)))
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString()
      const parts = pending.split('\n')
      pending = parts.pop() ?? ''
      for (const part of parts) {
        if (!part.trim()) continue
        const line = JSON.parse(part) as Record<string, unknown>
        lines.push(line)
        if (line.msg === 'assistant started') {
          clearTimeout(timer)
          resolve({ name, process: child, url: String(line.url), lines, output: () => JSON.stringify(lines) + err })
        }
      }
    })
  })
}

export async function kill(instance: Instance, signal: NodeJS.Signals): Promise<number | null> {
  if (instance.process.exitCode !== null || instance.process.signalCode !== null) return instance.process.exitCode
  const exited = new Promise<number | null>((r) => instance.process.once('exit', (code) => r(code)))
  instance.process.kill(signal)
  return exited
}

export interface Applicant {
  userId: string
  name: string
  phone: string
  idNumber: string
  form: 'union_membership' | 'work_injury_insurance'
}

/** Applicant i (distinct phone and ID number for i < 900); odd ones apply for work-injury insurance. */
export function applicant(prefix: string, i: number): Applicant {
  const first17 = `3302031990010${i % 10}${String(100 + i).padStart(3, '0')}`
  return {
    userId: `${prefix}-user-${i}`,
    name: '王小' + [...'伟芳娜敏静丽强磊军洋'][i % 10],
    phone: `139${String(57_000_000 + i * 7919).padStart(8, '0')}`,
    idNumber: first17 + idCheckChar(first17),
    form: i % 2 ? 'work_injury_insurance' : 'union_membership',
  }
}

export const TRIGGER = { union_membership: '我想加入工会', work_injury_insurance: '我想申请新业态工伤保险' }

/** What the user types next, given what the assistant is waiting for (null: start the form). */
export function nextText(person: Applicant, awaiting: string | null): string {
  switch (awaiting) {
    case null: return TRIGGER[person.form]
    case 'consent': return '同意'
    case 'name': return person.name
    case 'phone': return person.phone
    case 'idNumber': return person.idNumber
    case 'industry': return '送外卖'
    case 'platform': return '美团'
    case 'proceed': return '继续'
    case 'confirm': return '确认'
    default: throw new Error(`the form asked for ${awaiting}, which this test does not answer`)
  }
}

export interface Reply { replies: string[]; awaiting: string | null; form: string | null; applicationId: string | null }

export async function chat(instance: Instance, userId: string, text: string): Promise<Reply> {
  const res = await fetch(`${instance.url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, text }),
  })
  const body = (await res.json()) as Reply
  if (res.status !== 200) throw new Error(`${instance.name} /api/chat ${res.status}: ${JSON.stringify(body)}`)
  return body
}
