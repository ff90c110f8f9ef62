// A locked turn's session write in Redis mode is fenced by the turn's lock: it lands only while the lock is still
// the turn's, and lets the lock go in the same script. Real Redis, the real lock, the real Keyv session store.
import { createClient } from '@keyv/redis'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { LockLostError, type Fence } from '../../src/conversation/keyed-mutex.js'
import { createRedisLock } from '../../src/conversation/redis-lock.js'
import { newSession, type Session } from '../../src/conversation/session.js'
import { createKeyvSessionStore } from '../../src/conversation/session-store.js'
import { fencedKeyvSet } from '../../src/composition/redis-backend.js'
import { redisKeyv } from '../../src/storage/redis-keyv.js'
import { REDIS_TEST_URL, cleanPrefix, skipUnlessRedis, sleep, testPrefix } from './support.js'

const redisUp = await skipUnlessRedis('redis fenced write')
const prefix = testPrefix('fence')
const TTL_MS = 60_000

describe.skipIf(!redisUp)('fenced session writes (Redis mode)', () => {
  const client = createClient({ url: REDIS_TEST_URL })
  const other = createClient({ url: REDIS_TEST_URL }) // another instance's connection

  beforeAll(async () => {
    await cleanPrefix(prefix)
    await Promise.all([client.connect(), other.connect()])
  })

  afterAll(async () => {
    await Promise.allSettled([client.close(), other.close()])
    await cleanPrefix(prefix)
  })

  const keyv = () => redisKeyv<unknown>(client as never, prefix, 'sessions')
  const store = () => createKeyvSessionStore(keyv(), TTL_MS, fencedKeyvSet(client, prefix, 'sessions'))
  // Whose it is stands in for what changed (Chinese text included: Keyv's bytes must match for two-byte strings too).
  const session = (who: string): Session => newSession(who, 'api', '2026-11-29T00:00:00.000Z')

  it('stores exactly what Keyv stores, and Keyv reads it back as its own', async () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_800_000_000_000)
    try {
      const value = session('张三')
      await keyv().set('api:by-keyv', value, TTL_MS)
      const fence: Fence = { lockKey: `${prefix}:lock:api:by-fence`, token: 'token-1', released: false }
      await client.set(fence.lockKey, fence.token)
      await fencedKeyvSet(client, prefix, 'sessions')('api:by-fence', value, TTL_MS, fence)
      const [byKeyv, byFence] = await Promise.all([
        client.get(`${prefix}:sessions::api:by-keyv`),
        client.get(`${prefix}:sessions::api:by-fence`),
      ])
      expect(byFence).toBe(byKeyv) // byte for byte
      expect(await client.pTTL(`${prefix}:sessions::api:by-fence`)).toBeGreaterThan(TTL_MS - 5000)
      expect(await keyv().get('api:by-fence')).toEqual(value)
      expect(fence.released).toBe(true)
      expect(await client.exists(fence.lockKey)).toBe(0)
    } finally {
      now.mockRestore()
    }
  })

  it("a turn's write lets its lock go at once: the lock is free before the turn ends, and nothing is left to release", async () => {
    const lock = createRedisLock({ redis: client, prefix })
    const sessions = store()
    const lockKey = `${prefix}:lock:api:turn`
    const seen: number[] = []
    await lock.runOrdered('api:turn', (exclusive) =>
      exclusive(
        () => sessions.get('api:turn'),
        async (stored, fence) => {
          expect(stored).toBeUndefined()
          seen.push(await other.exists(lockKey)) // held
          await sessions.set('api:turn', session('李四'), fence)
          seen.push(await other.exists(lockKey)) // let go by the write itself
        },
      ),
    )
    expect(seen).toEqual([1, 0])
    expect((await sessions.get('api:turn'))?.userId).toBe('李四')
  })

  it("a turn whose lease ran out and went to another turn writes nothing, fails, and leaves the other's lock alone", async () => {
    const lock = createRedisLock({ redis: client, prefix })
    const sessions = store()
    const lockKey = `${prefix}:lock:api:stalled`
    await sessions.set('api:stalled', session('原来'))
    const turn = lock.runOrdered('api:stalled', (exclusive) =>
      exclusive(
        () => sessions.get('api:stalled'),
        async (stored, fence) => {
          // As if this turn stalled past its lease: the lock expired and another instance's turn took it and saved.
          await other.set(lockKey, 'the-other-turn', { PX: 10_000 })
          await other.set(`${prefix}:sessions::api:stalled`, JSON.stringify({ value: session('别人'), expires: Date.now() + TTL_MS }))
          stored!.userId = '迟到'
          await sessions.set('api:stalled', stored!, fence)
        },
      ),
    )
    await expect(turn).rejects.toBeInstanceOf(LockLostError)
    expect((await sessions.get('api:stalled'))?.userId).toBe('别人') // not overwritten
    expect(await other.get(lockKey)).toBe('the-other-turn') // and not released by the late turn
    await other.del(lockKey)
  })

  it('a lock let go by the write is neither renewed nor released after it, and no loss is reported for it', async () => {
    const warn = vi.fn()
    // Every command the lock and the write send, through the one connection they share.
    const sent: string[][] = []
    const watched = { sendCommand: (args: string[]) => (sent.push(args), client.sendCommand(args)) }
    // A 60 ms lease is renewed every 20 ms: the turn below outlives several renewals after its write.
    const lock = createRedisLock({ redis: watched, prefix, ttlMs: 60, logger: { warn } })
    const sessions = createKeyvSessionStore(keyv(), TTL_MS, fencedKeyvSet(watched, prefix, 'sessions'))
    const lockKey = `${prefix}:lock:api:renew`
    let afterWrite = -1
    await lock.runOrdered('api:renew', (exclusive) =>
      exclusive(
        () => sessions.get('api:renew'),
        async (_stored, fence) => {
          await sessions.set('api:renew', session('王五'), fence)
          afterWrite = sent.length
          await sleep(80)
        },
      ),
    )
    expect(sent.slice(0, afterWrite).filter((args) => args.includes(lockKey)).length).toBeGreaterThanOrEqual(2) // lock, write
    expect(sent.slice(afterWrite).filter((args) => args.includes(lockKey))).toEqual([]) // no renewal, no release
    expect(warn).not.toHaveBeenCalled()
    expect(await client.exists(lockKey)).toBe(0)
  })

  it('without a fence (the in-process lock, or a write outside a turn) the store writes through Keyv as before', async () => {
    const sessions = store()
    await sessions.set('api:plain', session('赵六'))
    expect((await sessions.get('api:plain'))?.userId).toBe('赵六')
  })
})
