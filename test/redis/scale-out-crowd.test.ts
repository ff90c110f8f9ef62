// Sixty users on two instances and one Redis, A SIGKILLed mid-flight: no user is held at a barrier, so A's
// open requests may be at any stage when it dies (not yet read, mid-turn holding a conversation lock, answered
// but the answer not yet read), and so may its deliveries. A client whose request to A fails retries the same
// text on B, as a load balancer would; from then on everyone talks to B. Every user ends with one application.
//
// Each instance posts to its own receiver (same secret, same code), so every delivery says who sent it. With
// at-least-once webhooks "exactly once" honestly means: one application per user, recorded delivered once;
// every id answered 200, each time with the same webhook-id and body; and a second 200 only where A had the
// first one answered and died before recording it (at most one per job A held, never one from B after B's).
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebhookReceiver, type ReceivedDelivery } from '../helpers/webhook-receiver.js'
import { INSTANCE_TIMINGS, applicant, kill, nextText, startInstance, type Applicant, type Instance, type Reply } from './scale-out-support.js'
import { REDIS_TEST_URL, cleanPrefix, countKeys, newSecret, skipUnlessRedis, sleep, testPrefix, until } from './support.js'

const redisUp = await skipUnlessRedis('redis scale-out crowd')
const secret = newSecret()
const prefix = testPrefix('crowd')
const USERS = 60
// Once A holds a delivery (its receiver never answers the first) with at least MIN_IN_FLIGHT_ON_A chat
// requests open, or at the latest once it has been sent KILL_BY_A_REQUEST requests, A dies the moment Redis
// shows it in the middle of a turn (holding the lock of a user whose request to it is open); failing that
// within WATCH_MS, as the next request to it leaves. Early starters have applied by then, later ones not.
// A turn takes a millisecond or two, so the one seen can finish between the look and the kill: then nothing
// is cut off, and the run checks the rest (a kill as a request leaves always cuts that request off).
const HUNG_ON_A = 1
const KILL_BY_A_REQUEST = 150
const MIN_IN_FLIGHT_ON_A = 8
const WATCH_MS = 300
const START_STAGGER_MS = 20
const MAX_TURNS = 20
// The instances' BullMQ timings.
const JOB_LOCK_MS = Number(INSTANCE_TIMINGS.HANDOFF_JOB_LOCK_MS)
const STALLED_INTERVAL_MS = Number(INSTANCE_TIMINGS.HANDOFF_STALLED_INTERVAL_MS)
// The fixture's delivery worker runs four jobs at once: A can have died holding at most that many.
const WORKER_CONCURRENCY = 4

const children: ChildProcess[] = []
const dataDir = mkdtempSync(join(tmpdir(), 'redis-crowd-'))

type Attempt = { ok: true; reply: Reply } | { ok: false; reason: string }

/** One POST /api/chat; a failure comes back as a short reason (the error code, or the HTTP status and body). */
async function attempt(instance: Instance, userId: string, text: string): Promise<Attempt> {
  try {
    const res = await fetch(`${instance.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, text }),
    })
    const raw = await res.text()
    if (res.status !== 200) return { ok: false, reason: `HTTP ${res.status} ${raw.slice(0, 120)}` }
    return { ok: true, reply: JSON.parse(raw) as Reply }
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    return { ok: false, reason: cause?.code ?? cause?.message ?? String(error) }
  }
}

// What a dying instance's requests may honestly end in: a dropped or refused connection, or (a turn that
// waited for a lock the dead instance held) a 5xx.
const CONNECTION_LOST = /^(ECONNRESET|ECONNREFUSED|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED|other side closed|HTTP 5\d\d)/

interface Interrupted { userId: string; turn: number; awaiting: string | null; reason: string }

interface Outcome {
  person: Applicant
  applicationId: string
  confirmation: string
  turns: number
  doneAt: number
  interrupted: Interrupted[]
}

type Via = ReceivedDelivery & { via: 'A' | 'B' }

describe.skipIf(!redisUp)('sixty users on two instances, one killed mid-flight', () => {
  const receivers = { A: new WebhookReceiver(secret), B: new WebhookReceiver(secret) }
  const redis = new Redis(REDIS_TEST_URL, { lazyConnect: true })

  beforeAll(async () => {
    await cleanPrefix(prefix)
    await redis.connect() // now, not lazily at the kill
    // A's first deliveries hang until it dies: jobs it holds when killed, to be taken over by B.
    receivers.A.answer(...Array.from({ length: HUNG_ON_A }, () => ({ hang: true as const })))
    await Promise.all([receivers.A.listen(), receivers.B.listen()])
  })

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    await Promise.all([receivers.A.close(), receivers.B.close()])
    redis.disconnect()
    await cleanPrefix(prefix)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('gives every user one application, delivered, with no duplicate the crash does not explain', async () => {
    const env = (receiver: WebhookReceiver) => ({
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: prefix,
      HANDOFF_WEBHOOK_URL: receiver.url,
      HANDOFF_WEBHOOK_SECRET: secret,
      HANDOFF_RETRY_BASE_MS: '50',
      HANDOFF_TIMEOUT_MS: '30000', // longer than the test: only A's death ends a hung delivery
    })
    const [a, b] = await Promise.all([
      startInstance('A', env(receivers.A), { dataDir, children }),
      startInstance('B', env(receivers.B), { dataDir, children }),
    ])
    const people = Array.from({ length: USERS }, (_, i) => applicant(prefix, i))

    let sentToA = 0
    const openOnA = new Set<string>()
    let openAtKill: string[] = []
    let killedAtRequest = 0
    let watchingSince = 0
    let killAtNextSend = false
    let killed: 'mid-turn' | 'as a request left' | undefined
    let killedAt = 0
    let heldAtDeath: Promise<string[]> = Promise.resolve([])
    let exited: Promise<number | null> | undefined
    const hungOnA = () => receivers.A.deliveries.filter((d) => d.answered === 'hang').length
    // A user's lock is only ever held by the instance serving their open request: for these users, A.
    const lockOf = (userId: string) => `${prefix}:lock:api:${userId}`
    const killA = (how: NonNullable<typeof killed>) => {
      killed = how
      killedAt = Date.now()
      openAtKill = [...openOnA]
      killedAtRequest = sentToA
      exited = kill(a, 'SIGKILL')
      // The turns A died in the middle of, asked in the same breath: before any retry can reach B.
      const pipeline = redis.pipeline()
      for (const userId of openAtKill) pipeline.exists(lockOf(userId))
      heldAtDeath = pipeline.exec().then((results) => openAtKill.filter((_, i) => results?.[i]?.[1] === 1))
    }
    /** Kills A as soon as Redis shows it holding the lock of a user whose request to it is open. */
    const killMidTurn = async () => {
      watchingSince = Date.now()
      while (!killed) {
        if (Date.now() > watchingSince + WATCH_MS) {
          killAtNextSend = true
          return
        }
        const open = [...openOnA]
        if (!open.length) await sleep(1)
        else if ((await redis.exists(...open.map(lockOf))) > 0 && !killed) killA('mid-turn')
      }
    }

    /** Drives one user to a submitted application, turns alternating A/B until A dies, then B only. */
    async function apply(person: Applicant, index: number): Promise<Outcome> {
      await sleep(index * START_STAGGER_MS)
      const interrupted: Interrupted[] = []
      let awaiting: string | null = null
      for (let turn = 0; turn < MAX_TURNS; turn++) {
        const text = nextText(person, awaiting)
        const target = killed || (turn + index) % 2 ? b : a
        const sent = attempt(target, person.userId, text)
        if (target === a) {
          sentToA++
          openOnA.add(person.userId)
          void sent.finally(() => openOnA.delete(person.userId))
          if (killAtNextSend && !killed) killA('as a request left') // it and whatever else A holds are in flight
          else if (!watchingSince && ((hungOnA() >= HUNG_ON_A && openOnA.size >= MIN_IN_FLIGHT_ON_A) || sentToA >= KILL_BY_A_REQUEST)) {
            void killMidTurn()
          }
        }
        let result = await sent
        if (!result.ok) {
          if (target !== a || !killed) throw new Error(`${target.name} failed on turn ${turn} of ${person.userId}: ${result.reason}`)
          interrupted.push({ userId: person.userId, turn, awaiting, reason: result.reason })
          result = await attempt(b, person.userId, text) // the same text, now to the survivor
          if (!result.ok) throw new Error(`B failed the retry of turn ${turn} of ${person.userId}: ${result.reason}`)
        }
        const reply = result.reply
        if (reply.applicationId) {
          return { person, applicationId: reply.applicationId, confirmation: reply.replies.join('\n'), turns: turn + 1, doneAt: Date.now(), interrupted }
        }
        if (turn > 0 && reply.form === null) throw new Error(`the form of ${person.userId} was lost on turn ${turn}: ${JSON.stringify(reply)}`)
        awaiting = reply.awaiting
      }
      throw new Error(`no application after ${MAX_TURNS} turns for ${person.userId}`)
    }

    const started = Date.now()
    const outcomes = await Promise.all(people.map((p, i) => apply(p, i)))
    const chatMs = Date.now() - started
    expect(killed, 'A was killed while users were still applying').toBeDefined()
    expect(await exited).toBeNull() // died of the signal
    const interrupted = outcomes.flatMap((o) => o.interrupted)
    // Every failure is one a dying server causes, and every turn A died in the middle of failed (and was retried).
    for (const f of interrupted) expect(f.reason, JSON.stringify(f)).toMatch(CONNECTION_LOST)
    const held = await heldAtDeath
    expect(held.filter((userId) => !interrupted.some((f) => f.userId === userId))).toEqual([])
    // Something was cut off: the request the kill was timed on (a turn seen in progress may have just finished).
    if (killed === 'as a request left' || held.length > 0) expect(interrupted.length).toBeGreaterThan(0)

    // One application per user, all distinct, each shown to its user.
    const ids = outcomes.map((o) => o.applicationId)
    expect(new Set(ids).size).toBe(USERS)
    for (const o of outcomes) expect(o.confirmation).toContain(o.applicationId)

    // A repeated 确认 (what a client retrying a lost reply sends) gets the same number and makes nothing new.
    const repeats = await Promise.all(outcomes.map((o) => attempt(b, o.person.userId, '确认')))
    repeats.forEach((r, i) => {
      expect(r.ok, JSON.stringify(r)).toBe(true)
      if (r.ok) expect(r.reply.applicationId, `repeat 确认 of ${outcomes[i].person.userId}`).toBe(outcomes[i].applicationId)
    })

    // The outbox on B lists exactly those, all delivered (A's jobs in flight taken over after their lock lapsed).
    type Listing = { applications: { id: string; status: string }[]; counts: Record<string, number> }
    const listing = async () => (await (await fetch(`${b.url}/api/applications?limit=100`)).json()) as Listing
    await until(async () => (await listing()).counts.delivered === USERS, 20_000, 'all delivered')
    // Long enough for a stalled job to be picked up again: a duplicate would arrive in this time.
    await sleep(JOB_LOCK_MS + STALLED_INTERVAL_MS)
    const listed = await listing()
    expect(listed.counts).toEqual({ pending: 0, delivering: 0, delivered: USERS, dead: 0 })
    expect(listed.applications.map((x) => x.id).sort()).toEqual([...ids].sort())
    expect(listed.applications.every((x) => x.status === 'delivered')).toBe(true)

    // Deliveries: every one signed and verified, only for these ids, each id answered 200 at least once.
    const deliveries: Via[] = [
      ...receivers.A.deliveries.map((d) => ({ ...d, via: 'A' as const })),
      ...receivers.B.deliveries.map((d) => ({ ...d, via: 'B' as const })),
    ]
    expect(deliveries.filter((d) => !d.verified)).toEqual([])
    expect(new Set(deliveries.map((d) => d.id))).toEqual(new Set(ids))
    // What each instance recorded as delivered (it logs after writing it to the outbox).
    const recorded = (instance: Instance, id: string) =>
      instance.lines.filter((l) => l.msg === 'hand-off: delivered' && l.id === id).length
    const doubled: string[] = []
    for (const id of ids) {
      const mine = deliveries.filter((d) => d.id === id)
      const answered = mine.filter((d) => d.answered === 200)
      const byA = answered.filter((d) => d.via === 'A')
      const byB = answered.filter((d) => d.via === 'B')
      // Each instance posts an application at most once; the survivor never repeats its own.
      expect(byA.length, `A's 200s for ${id}`).toBeLessThanOrEqual(1)
      expect(byB.length, `B's 200s for ${id}`).toBeLessThanOrEqual(1)
      expect(answered.length, `200s for ${id}`).toBeGreaterThanOrEqual(1)
      // Every try carries the same webhook-id and body: the receiver can drop a repeat by its id.
      expect(new Set(mine.map((d) => d.body)).size, `bodies of ${id}`).toBe(1)
      // Recorded delivered once at most, and nothing is posted after it is: B only posts what A never recorded.
      expect(recorded(a, id) + recorded(b, id), `recorded deliveries of ${id}`).toBeLessThanOrEqual(1)
      if (recorded(a, id)) expect(receivers.B.byId(id), `B's posts of ${id}, which A recorded`).toEqual([])
      if (byB.length) expect(recorded(b, id), `B's record of ${id}`).toBe(1)
      if (byA.length && byB.length) {
        // Only the crash explains it: A posted it (its 200 may even have gone to a socket A no longer had) and
        // died before recording it, and B, taking the job over once its lock lapsed, posted it after A's.
        doubled.push(id)
        expect(byB[0].receivedAt).toBeGreaterThanOrEqual(killedAt)
        expect(byA[0].receivedAt).toBeLessThan(byB[0].receivedAt)
      }
    }
    const hung = receivers.A.deliveries.filter((d) => d.answered === 'hang')
    expect(doubled.length).toBeLessThanOrEqual(WORKER_CONCURRENCY - hung.length)
    // The delivery A held unanswered when it died (if it had got one) was taken over by B: one 200, after the kill.
    expect(hung.length).toBeLessThanOrEqual(HUNG_ON_A)
    for (const h of hung) {
      const takeover = receivers.B.byId(h.id)
      expect(takeover.map((d) => d.answered), `takeover of ${h.id}`).toEqual([200])
      expect(takeover[0].receivedAt).toBeGreaterThanOrEqual(killedAt)
    }

    // Each user's own data reached the webhook under their application.
    const payloads = new Map(deliveries.filter((d) => d.answered === 200).map((d) => [d.id, d.payload!]))
    for (const o of outcomes) {
      const payload = payloads.get(o.applicationId)!
      expect(payload.userId).toBe(o.person.userId)
      expect(payload.form).toBe(o.person.form)
      const fields = payload.fields as Record<string, unknown>
      expect(fields.name).toBe(o.person.name)
      expect(fields.phone).toBe(o.person.phone)
      if (o.person.form === 'work_injury_insurance') {
        expect(fields.idNumber).toBe(o.person.idNumber)
        // A retried 送外卖 that A had already taken is read as the platform: the one known cost of a blind retry.
        const retriedIndustry = o.interrupted.some((f) => f.awaiting === 'industry')
        expect(fields.platform === '美团' || (retriedIndustry && fields.platform === '送外卖'), `platform of ${o.person.userId}: ${String(fields.platform)}`).toBe(true)
      }
    }

    // Neither instance logged a phone or ID number; no SQLite file was made.
    for (const instance of [a, b]) {
      const output = instance.output()
      for (const p of people) {
        expect(output).not.toContain(p.phone)
        expect(output).not.toContain(p.idNumber)
      }
    }
    expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([])

    const answeredBeforeKill = deliveries.filter((d) => d.receivedAt < killedAt).length
    const minimalTurns = (o: Outcome) => (o.person.form === 'work_injury_insurance' ? 8 : 6)
    const offCourse = outcomes.filter((o) => o.turns !== minimalTurns(o))
    console.info(
      `[crowd] chat ${chatMs} ms, ${outcomes.reduce((n, o) => n + o.turns, 0)} turns, killed ${killed} at A request ${killedAtRequest} with ${openAtKill.length} open,` +
        ` ${held.length} mid-turn, ${hung.length} delivery hung;` +
        ` ${interrupted.length} interrupted (${[...new Set(interrupted.map((f) => f.reason))].join(', ')});` +
        ` ${answeredBeforeKill} deliveries before the kill, ${deliveries.length} in all (A ${receivers.A.deliveries.length},` +
        ` B ${receivers.B.deliveries.length}), doubled ${doubled.length}` +
        ` (A's/B's ${doubled.map((id) => `${receivers.A.byId(id)[0].receivedAt - killedAt}/${receivers.B.byId(id)[0].receivedAt - killedAt}`).join(', ')} ms after the kill);` +
        ` ${outcomes.filter((o) => o.doneAt < killedAt).length} users had applied before the kill;` +
        ` turns off the plain course: ${offCourse.map((o) => `${o.person.userId.split('-').pop()}:${o.turns - minimalTurns(o)}`).join(' ') || 'none'}`,
    )

    expect(await kill(b, 'SIGTERM')).toBe(0)
    expect(await countKeys(prefix)).toBeGreaterThan(0)
  }, 90_000)
})
