// The per-conversation lock across instances (separate Redis connections, and a separate process that is
// SIGKILLed): one turn at a time per conversation, different conversations in parallel, a bounded wait, a
// crashed holder's lock expiring, and a release that never frees someone else's lock.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createClient } from '@keyv/redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LockTimeoutError, createRedisLock } from '../../src/conversation/redis-lock.js'
import { REDIS_TEST_URL, cleanPrefix, countKeys, skipUnlessRedis, sleep, testPrefix } from './support.js'

const redisUp = await skipUnlessRedis('redis lock')
const prefix = testPrefix('lock')
const holder = fileURLToPath(new URL('./fixtures/hold-lock.ts', import.meta.url))
const dier = fileURLToPath(new URL('./fixtures/turn-then-die.ts', import.meta.url))

describe.skipIf(!redisUp)('Redis conversation lock', () => {
  // Two instances' connections: node-redis, as the app's lock uses.
  const one = createClient({ url: REDIS_TEST_URL })
  const two = createClient({ url: REDIS_TEST_URL })

  beforeAll(async () => {
    await cleanPrefix(prefix)
    await Promise.all([one.connect(), two.connect()])
  })

  afterAll(async () => {
    await Promise.allSettled([one.close(), two.close()])
    await cleanPrefix(prefix)
  })

  it('runs one turn at a time per conversation across two instances, and conversations in parallel', async () => {
    const instances = [createRedisLock({ redis: one, prefix }), createRedisLock({ redis: two, prefix })]
    const counter = `${prefix}:counter`
    let active = 0
    let maxActive = 0
    // A read-modify-write with a pause in the middle: any overlap loses an increment.
    const turn = async () => {
      active++
      maxActive = Math.max(maxActive, active)
      const value = Number((await one.get(counter)) ?? 0)
      await sleep(3)
      await two.set(counter, String(value + 1))
      active--
    }
    await Promise.all(Array.from({ length: 30 }, (_, i) => instances[i % 2].run('wechat:user-1', turn)))
    expect(await one.get(counter)).toBe('30')
    expect(maxActive).toBe(1)

    // Two conversations overlap in time.
    const spans: [number, number][] = []
    const timed = async () => {
      const start = Date.now()
      await sleep(150)
      spans.push([start, Date.now()])
    }
    await Promise.all([instances[0].run('wechat:user-2', timed), instances[1].run('wechat:user-3', timed)])
    expect(Math.max(spans[0][0], spans[1][0])).toBeLessThan(Math.min(spans[0][1], spans[1][1]))
    expect(await one.exists([`${prefix}:lock:wechat:user-1`, `${prefix}:lock:wechat:user-2`])).toBe(0) // released
  })

  it("runOrdered: the read goes out with a free lock's request, the work gets it, and the next turn finds the lock free", async () => {
    const lock = createRedisLock({ redis: one, prefix })
    const state = `${prefix}:state:free`
    await one.set(state, 'v1')
    let reads = 0
    const turn = () =>
      lock.runOrdered('wechat:free', (exclusive) =>
        exclusive(
          () => (reads++, one.get(state)),
          async (value) => value,
        ),
      )
    await turn() // the release script is now known to Redis (a first EVALSHA may fall back to its text)
    reads = 0
    const pending = turn()
    expect(reads).toBe(1) // sent in the same turn of the event loop as the lock request, before its answer
    expect(await pending).toBe('v1')
    // The turn let go before it resolved: the next one is granted at its first request, so its early read is used.
    reads = 0
    expect(await turn()).toBe('v1')
    expect(reads).toBe(1)
    expect(await one.exists(`${prefix}:lock:wechat:free`)).toBe(0)
  })

  it("runOrdered: when another instance holds the lock, the read is made again once it is held, and sees the holder's write", async () => {
    const holder = createRedisLock({ redis: one, prefix })
    const waiter = createRedisLock({ redis: two, prefix })
    const state = `${prefix}:state:busy`
    await one.set(state, 'before')
    let letGo!: () => void
    let holding!: () => void
    const held = new Promise<void>((r) => (holding = r))
    const first = holder.run('wechat:contended', async () => {
      holding()
      await new Promise<void>((r) => (letGo = r))
      await one.set(state, 'after') // the holder's turn changes the state before it lets go
    })
    await held
    let reads = 0
    const second = waiter.runOrdered('wechat:contended', (exclusive) =>
      exclusive(
        () => (reads++, two.get(state)),
        async (value) => value,
      ),
    )
    expect(reads).toBe(1)
    await two.ping() // answered after the waiter's lock request and early read: the request was refused, the read saw 'before'
    letGo()
    await first
    expect(await second).toBe('after')
    expect(reads).toBe(2)
  })

  it('runOrdered: a failed read fails the turn, without its work, and lets the lock go', async () => {
    const lock = createRedisLock({ redis: one, prefix })
    let worked = false
    await expect(
      lock.runOrdered('wechat:bad-read', (exclusive) =>
        exclusive(
          () => Promise.reject(new Error('store down')),
          async () => (worked = true),
        ),
      ),
    ).rejects.toThrow('store down')
    expect(worked).toBe(false)
    expect(await one.exists(`${prefix}:lock:wechat:bad-read`)).toBe(0)
  })

  it('gives up after the bounded wait without running the turn', async () => {
    const busy = createRedisLock({ redis: one, prefix, ttlMs: 5000 })
    const waiting = createRedisLock({ redis: two, prefix, ttlMs: 5000, waitMs: 200 })
    let release!: () => void
    const held = busy.run('wechat:busy', () => new Promise<void>((r) => (release = r)))
    await sleep(20)
    let ran = false
    const started = Date.now()
    await expect(waiting.run('wechat:busy', async () => (ran = true))).rejects.toBeInstanceOf(LockTimeoutError)
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
    expect(ran).toBe(false)
    release()
    await held
    expect(await waiting.run('wechat:busy', async () => 'now')).toBe('now')
  })

  it("a SIGKILLed holder's lock expires after its lifetime; while it lived, renewal kept it past the lifetime", async () => {
    const ttlMs = 400
    const child = spawn(process.execPath, ['--import', 'tsx', holder], {
      env: { ...process.env, REDIS_URL: REDIS_TEST_URL, LOCK_PREFIX: prefix, LOCK_TTL_MS: String(ttlMs), LOCK_KEY: 'wechat:crash' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve())
        child.once('exit', (code) => reject(new Error(`holder exited early (${code})`)))
      })
      await sleep(ttlMs * 2) // past one lifetime: still held, because the live holder renews it
      const impatient = createRedisLock({ redis: two, prefix, ttlMs, waitMs: 100 })
      await expect(impatient.run('wechat:crash', async () => 'no')).rejects.toBeInstanceOf(LockTimeoutError)

      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGKILL')
      await exited
      const killedAt = Date.now()
      const survivor = createRedisLock({ redis: two, prefix, ttlMs, waitMs: 5000 })
      expect(await survivor.run('wechat:crash', async () => 'mine')).toBe('mine')
      expect(Date.now() - killedAt).toBeLessThan(ttlMs + 500)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  })

  it('a turn has let go of the lock when it resolves: an instance killed right after replying leaves no lock', async () => {
    const key = 'wechat:replied-then-died'
    const child = spawn(process.execPath, ['--import', 'tsx', dier], {
      env: { ...process.env, REDIS_URL: REDIS_TEST_URL, LOCK_PREFIX: prefix, LOCK_KEY: key },
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    const signal = await new Promise((resolve) => child.once('exit', (_code, sig) => resolve(sig)))
    expect(signal).toBe('SIGKILL') // it got through its turn and died as planned
    // A release sent but not waited for would still sit in the dead process's queue: the lock would stay for its lease.
    expect(await one.exists(`${prefix}:lock:${key}`)).toBe(0)
  })

  it('a release never deletes a lock that expired and was taken by someone else', async () => {
    const lock = createRedisLock({ redis: one, prefix, ttlMs: 5000 })
    const key = `${prefix}:lock:wechat:stolen`
    await lock.run('wechat:stolen', async () => {
      // As if this lease ran out and another instance took the conversation.
      await two.set(key, 'someone-else', { expiration: { type: 'PX', value: 5000 } })
    })
    expect(await two.get(key)).toBe('someone-else')
    await two.del(key)
    expect(await countKeys(`${prefix}:lock`)).toBe(0)
  })

  it('still releases and renews after Redis forgot its scripts (SCRIPT FLUSH, as after a restart)', async () => {
    const lock = createRedisLock({ redis: one, prefix, ttlMs: 300 })
    const key = `${prefix}:lock:wechat:flushed`
    await lock.run('wechat:flushed', async () => {
      await two.scriptFlush()
      await sleep(400) // past the lifetime: only a renewal (by its text, then by its SHA) keeps the lock
      expect(await two.exists(key)).toBe(1)
      await two.scriptFlush()
    })
    expect(await two.exists(key)).toBe(0) // the release fell back to the script's text
  })
})
