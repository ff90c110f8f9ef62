// Two instances on one Redis, as separate processes: users' messages alternate between them through /api/chat,
// one instance is SIGKILLed half-way (while it holds a delivery whose request hangs). Sessions continue on the
// other instance, and every application reaches a real, signature-verifying webhook receiver exactly once
// (the hung request's job is taken over by the survivor, with the same webhook-id).
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebhookReceiver } from '../helpers/webhook-receiver.js'
import { applicant as applicantOf, chat, kill, nextText, startInstance as launch, type Applicant, type Instance } from './scale-out-support.js'
import { REDIS_TEST_URL, cleanPrefix, countKeys, newSecret, skipUnlessRedis, testPrefix, until } from './support.js'

const redisUp = await skipUnlessRedis('redis scale-out')
const secret = newSecret()
const prefix = testPrefix('scale')
const USERS = 6

const children: ChildProcess[] = []
const dataDir = mkdtempSync(join(tmpdir(), 'redis-scale-'))

const startInstance = (name: string, env: Record<string, string>) => launch(name, env, { dataDir, children })
const applicant = (i: number) => applicantOf(prefix, i)

/** Drives one user to a submitted application; `pick(turn)` chooses the instance for each turn. */
async function apply(person: Applicant, pick: (turn: number) => Instance, afterTurn?: (turn: number) => Promise<void>) {
  let awaiting: string | null = null
  for (let turn = 0; turn < 15; turn++) {
    const reply = await chat(pick(turn), person.userId, nextText(person, awaiting))
    await afterTurn?.(turn)
    if (reply.applicationId) return { applicationId: reply.applicationId, turns: turn + 1, confirmation: reply.replies.join('\n') }
    if (turn > 0 && reply.form === null) throw new Error(`the form was lost on turn ${turn}: ${JSON.stringify(reply)}`)
    awaiting = reply.awaiting
  }
  throw new Error(`no application after 15 turns for ${person.userId}`)
}

describe.skipIf(!redisUp)('two instances on one Redis, one killed half-way', () => {
  let receiver: WebhookReceiver

  beforeAll(async () => {
    await cleanPrefix(prefix)
    // The first request (instance A's, for user 0) hangs until A dies: its job must be taken over.
    receiver = await new WebhookReceiver(secret).answer({ hang: true }).listen()
  })

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    await receiver?.close()
    await cleanPrefix(prefix)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('loses nothing and duplicates nothing', async () => {
    const env = {
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: prefix,
      HANDOFF_WEBHOOK_URL: receiver.url,
      HANDOFF_WEBHOOK_SECRET: secret,
      HANDOFF_RETRY_BASE_MS: '50',
      HANDOFF_TIMEOUT_MS: '30000', // longer than the test: only A's death ends the hung request
    }
    const a = await startInstance('A', env)
    const people = Array.from({ length: USERS + 1 }, (_, i) => applicant(i))

    // User 0 applies through A alone; A's worker posts it and the receiver never answers.
    const first = await apply(people[0], () => a)
    await receiver.waitFor((d) => d.length === 1, 10_000)
    expect(receiver.deliveries[0]).toMatchObject({ id: first.applicationId, verified: true, answered: 'hang' })

    const b = await startInstance('B', env)
    // Users 1..N alternate between A and B turn by turn; A is killed once every user is three turns in.
    let turnsDone = 0
    let killed = false
    const killAfterThirdTurn = async (turn: number) => {
      if (turn !== 2) return
      turnsDone++
      if (turnsDone === USERS && !killed) {
        killed = true
        await kill(a, 'SIGKILL')
      }
      // Hold everyone at this point until A is gone, so "half-way" means the same for all users.
      await until(() => killed, 20_000, 'every user three turns in')
    }
    const pick = (i: number) => (turn: number) => (killed ? b : (turn + i) % 2 ? a : b)
    const completed = await Promise.all(people.slice(1).map((p, i) => apply(p, pick(i + 1), killAfterThirdTurn)))
    const results = [first, ...completed]
    expect(killed).toBe(true)

    // Every user was shown a distinct reference number, and the form went on across instances.
    const ids = results.map((r) => r.applicationId)
    expect(new Set(ids).size).toBe(USERS + 1)
    for (const r of results) expect(r.confirmation).toContain(r.applicationId)

    // Every application delivered: exactly one 2xx per webhook-id, every request signed and verified.
    await until(async () => {
      const res = await fetch(`${b.url}/api/applications?limit=100`)
      const body = (await res.json()) as { counts: Record<string, number> }
      return body.counts.delivered === USERS + 1
    }, 30_000, 'all delivered')
    const listed = (await (await fetch(`${b.url}/api/applications?limit=100`)).json()) as {
      applications: { id: string; status: string }[]
      counts: Record<string, number>
    }
    expect(listed.counts).toEqual({ pending: 0, delivering: 0, delivered: USERS + 1, dead: 0 })
    expect(listed.applications.map((x) => x.id).sort()).toEqual([...ids].sort())
    await new Promise((r) => setTimeout(r, 500)) // a late duplicate would arrive now
    for (const id of ids) {
      const answered = receiver.byId(id).filter((d) => d.answered === 200)
      expect(answered, `deliveries of ${id}`).toHaveLength(1)
    }
    expect(receiver.deliveries.every((d) => d.verified)).toBe(true)
    // The hung one was taken over by B with the same webhook-id and the same body.
    const takeover = receiver.byId(first.applicationId)
    expect(takeover.map((d) => d.answered)).toEqual(['hang', 200])
    expect(takeover[1].body).toBe(takeover[0].body)
    expect(receiver.deliveries).toHaveLength(USERS + 2)

    // Webhook bodies carry the users' real data; the logs of both instances do not, and no SQLite file was made.
    const byUser = new Map(receiver.deliveries.filter((d) => d.answered === 200).map((d) => [d.payload!.userId, d.payload!]))
    for (const p of people) expect((byUser.get(p.userId)!.fields as Record<string, unknown>).phone).toBe(p.phone)
    for (const instance of [a, b]) {
      for (const p of people) {
        expect(instance.output()).not.toContain(p.phone)
        expect(instance.output()).not.toContain(p.idNumber)
      }
      expect(instance.lines.some((l) => String(l.msg).startsWith('storage: Redis at'))).toBe(true)
    }
    expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([])

    expect(await kill(b, 'SIGTERM')).toBe(0)
    expect(await countKeys(prefix)).toBeGreaterThan(0) // the data outlives the instances
  })
})
