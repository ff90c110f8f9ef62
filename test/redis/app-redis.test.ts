// The app in Redis mode, in-process: sessions, the unanswered-questions log and the outbox are in Redis under the
// deployment's prefix (the SQLite file is never created); a Redis that cannot be reached stops start-up with one
// clear line, and a Redis error raises instead of reading as "no session". Then, in child processes: what a
// started app loads (Redis mode spares the SQLite driver) and the one full collection start-up ends with.
import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { createKeyvSessionStore } from '../../src/conversation/session-store.js'
import { newSession } from '../../src/conversation/session.js'
import { createRedisBackend } from '../../src/composition/redis-backend.js'
import { startTestApp, tempDataDir, type TestApp } from '../helpers/app.js'
import { reply, startStubOpenAI, type StubRequest } from '../helpers/stub-openai.js'
import { REDIS_TEST_URL, cleanPrefix, countKeys, skipUnlessRedis, sleep, testPrefix } from './support.js'

const redisUp = await skipUnlessRedis('redis app')
const prefix = testPrefix('app')

describe.skipIf(!redisUp)('the app with REDIS_URL', () => {
  let t: TestApp
  let redis: Redis

  beforeAll(async () => {
    await cleanPrefix(prefix)
    redis = new Redis(REDIS_TEST_URL)
    // A webhook URL nobody answers: the BullMQ worker runs too (and has connections to close).
    t = await startTestApp({ REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix, HANDOFF_WEBHOOK_URL: 'http://127.0.0.1:9/hook' })
  })

  afterAll(async () => {
    await t?.close()
    await redis?.quit()
    await cleanPrefix(prefix)
  })

  it('keeps sessions, gaps and applications in Redis under the prefix, and no SQLite file', async () => {
    const chat = (text: string) => t.post('/api/chat', { userId: 'redis-user-1', text })
    const started = await chat('我想加入工会')
    expect(started.status).toBe(200)
    expect(started.body.form).toBe('union_membership')
    const ttl = await redis.pttl(`${prefix}:sessions::api:redis-user-1`)
    expect(ttl).toBeGreaterThan(29 * 86_400_000) // SESSION_TTL_DAYS (30) in milliseconds
    const raw = JSON.parse((await redis.get(`${prefix}:sessions::api:redis-user-1`))!) as { value: { form: { formId: string } } }
    expect(raw.value.form.formId).toBe('union_membership')

    const asked = await t.post('/api/ask', { question: '火星上的房价是多少？' })
    expect(asked.body.outOfScope).toBe(true)
    const gaps = await t.get('/api/gaps')
    expect(gaps.body.gaps.map((g: { example: string }) => g.example)).toContain('火星上的房价是多少？')
    expect(await countKeys(`${prefix}:gaps`)).toBeGreaterThanOrEqual(2) // the entry and its index

    expect(await t.get('/api/applications')).toMatchObject({ status: 200, body: { applications: [], counts: { pending: 0, delivering: 0, delivered: 0, dead: 0 } } })
    expect(readdirSync(t.dataDir)).toEqual([])
  })

  it('keeps a conversation\'s topic in Redis beside its session, so another instance reads a follow-up against it', async () => {
    const user = 'redis-topic-1'
    // A question that offers no form: the topic is all it leaves.
    await t.post('/api/chat', { userId: user, text: '骑手能评职称吗' })
    await sleep(1300) // written behind the reply, within a second (topic-store.ts)
    const raw = JSON.parse((await redis.get(`${prefix}:topics::api:${user}`))!) as { value: { question: string } }
    expect(raw.value.question).toBe('骑手能评职称吗')
    expect(await redis.pttl(`${prefix}:topics::api:${user}`)).toBeLessThanOrEqual(30 * 60_000)
    expect(await redis.exists(`${prefix}:sessions::api:${user}`)).toBe(0) // and no session
    const other = await startTestApp({ REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix })
    try {
      const followUp = await other.post('/api/chat', { userId: user, text: '网约车呢？' })
      expect(followUp.body.replies.join('\n')).toContain('网约车能评职称吗')
    } finally {
      await other.close()
    }
  })

  it("writes a locked turn's session with the fenced script, which lets the lock go: no plain SET, no separate release", async () => {
    const user = 'redis-fenced-1'
    const sessionKey = `${prefix}:sessions::api:${user}`
    const lockKey = `${prefix}:lock:api:${user}`
    const monitor = await redis.monitor() // a connection of its own, in MONITOR mode
    const seen: string[] = []
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (!args.includes(sessionKey) && !args.includes(lockKey)) return
      const keys = args.filter((a) => a === sessionKey || a === lockKey).map((a) => (a === lockKey ? 'lock' : 'session'))
      // Commands a script runs show up too, marked as the script's ("lua").
      seen.push(`${source === 'lua' ? 'lua ' : ''}${args[0].toLowerCase()} ${keys.join(' ')}`)
    })
    try {
      expect((await t.post('/api/chat', { userId: user, text: '我想加入工会' })).body.form).toBe('union_membership')
      await sleep(200) // MONITOR's lines arrive on their own connection
    } finally {
      monitor.disconnect()
    }
    // Lock and read in one round trip; then one script (by its SHA, or its text the first time) that checks the
    // lock, writes the session and deletes the lock. No plain SET of the session, no release of its own.
    expect(seen.slice(0, 2).sort()).toEqual(['get session', 'set lock'])
    const rest = seen.slice(2)
    expect(rest.filter((c) => !c.startsWith('lua ')).every((c) => c === 'evalsha lock session' || c === 'eval lock session')).toBe(true)
    expect(rest.filter((c) => c.startsWith('lua '))).toEqual(['lua get lock', 'lua set session', 'lua del lock'])
    expect(await redis.exists(lockKey)).toBe(0)
  })

  it('answers a plain question while another instance holds the conversation; a form turn waits for it', async () => {
    const user = 'redis-user-busy'
    const lockKey = `${prefix}:lock:api:${user}`
    // Another instance is mid-turn on this conversation: it holds the lock for the next 1.5 s.
    expect(await redis.set(lockKey, 'other-instance', 'PX', 1500, 'NX')).toBe('OK')
    const started = Date.now()
    const question = await t.post('/api/chat', { userId: user, text: '灵活就业人员可以参加哪些社会保险？' })
    expect(question.status).toBe(200)
    expect(question.body.replies.join('\n')).toMatch(/保险/)
    expect(Date.now() - started).toBeLessThan(1000) // not held up by the lock

    const form = await t.post('/api/chat', { userId: user, text: '我想加入工会' })
    expect(form.status).toBe(200)
    expect(form.body.form).toBe('union_membership')
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400) // waited until the other turn's lock was gone
    // With the form open, a question is a digression inside it: it takes the lock and keeps the form (past the
    // consent step: a question there leaves a form nothing was collected for).
    expect((await t.post('/api/chat', { userId: user, text: '同意' })).body.awaiting).toBe('name')
    const digression = await t.post('/api/chat', { userId: user, text: '灵活就业人员可以参加哪些社会保险？' })
    expect(digression.body.form).toBe('union_membership')
    expect(digression.body.awaiting).toBe('name')
  })

  it('refuses to start, in one line, when Redis cannot be reached; a Redis error is never "no session"', async () => {
    const app = createApp({ env: { REDIS_URL: 'redis://127.0.0.1:1/15', PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: tempDataDir() } })
    await expect(app.start()).rejects.toThrow(/Redis at redis:\/\/127\.0\.0\.1:1\/15 is not reachable/)
    await app.stop()

    const backend = createRedisBackend({ url: 'redis://127.0.0.1:1/15', prefix, maxAttempts: 8 })
    const sessions = createKeyvSessionStore(backend.keyv('sessions'), 60_000)
    await expect(sessions.get('api:someone')).rejects.toThrow()
    await expect(sessions.set('api:someone', newSession('someone', 'api', new Date().toISOString()))).rejects.toThrow()
    await backend.close()
  })

  it('shares the answer cache between instances: a question answered on one costs no model call on the other', async () => {
    const stub = await startStubOpenAI()
    // A faithful model: the first sentence of the first source, verbatim, cited.
    stub.setFallback((request: StubRequest) => {
      const match = /^\[(\d+(?:\.\d+)?)\] [^\n]*\n([^。]+。)/m.exec(request.body.messages.at(-1).content)
      return reply(match ? `${match[2]!.replace(/。$/, '')}[${match[1]}]。` : '文件没有说明。')
    })
    const env = { REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.baseURL, OPENAI_MODEL: 'stub-model' }
    const one = await startTestApp(env)
    const two = await startTestApp(env)
    try {
      const first = await one.post('/api/ask', { question: '累计举办了多少期创业沙龙' })
      expect(first.body.mode).toBe('llm')
      const second = await two.post('/api/ask', { question: '累计举办了多少期创业沙龙？' })
      expect(second.body).toEqual(first.body)
      expect(stub.requests).toHaveLength(1)
      expect(await countKeys(`${prefix}:answers`)).toBe(1)
    } finally {
      await one.close()
      await two.close()
      await stub.close()
    }
  })

  it('stop() closes every Redis connection it opened (the BullMQ ones included)', async () => {
    // Every connection is named after the prefix (CLIENT SETNAME), BullMQ's as well.
    const ours = async () =>
      ((await redis.client('LIST')) as string).split('\n').filter((line) => line.includes(` name=${prefix}:`)).length
    expect(await ours()).toBeGreaterThanOrEqual(4) // keyv, commands, worker, worker's blocking connection
    await t.close()
    t = undefined as unknown as TestApp
    expect(await ours()).toBe(0)
  })
})

describe('what a started app loads and does once', () => {
  const fixture = fileURLToPath(new URL('./fixtures/loaded-packages.ts', import.meta.url))
  const run = (env: Record<string, string>, nodeFlags: string[] = []) => {
    const out = execFileSync(process.execPath, [...nodeFlags, '--import', 'tsx', fixture], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: tempDataDir(), ...env },
      encoding: 'utf8',
    })
    return JSON.parse(out.trim().split('\n').at(-1)!) as { packages: string[]; collections: number }
  }
  const redisPrefix = testPrefix('natives')
  afterAll(async () => {
    if (redisUp) await cleanPrefix(redisPrefix)
  })

  it('SQLite mode loads the SQLite driver', () => {
    expect(run({ REDIS_URL: '' }).packages).toContain('better-sqlite3') // the check sees what is loaded
  })

  it.skipIf(!redisUp)('Redis mode never loads it (about 5 MB)', () => {
    const redisMode = run({ REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: redisPrefix }).packages
    expect(redisMode).toContain('bullmq')
    expect(redisMode).not.toContain('better-sqlite3')
  })

  it("gives back start-up's garbage with one full collection when gc is exposed (npm start exposes it)", () => {
    expect(run({ REDIS_URL: '' }, ['--expose-gc']).collections).toBe(1)
    expect(run({ REDIS_URL: '' }).collections).toBe(0) // not exposed: nothing to call, nothing fails
  })
})
