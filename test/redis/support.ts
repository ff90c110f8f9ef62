// Shared bits for the Redis-mode tests: the dedicated database (REDIS_TEST_URL, default db 15), a key prefix of
// their own per test file so files running in parallel never touch each other's keys, and cleaning by prefix.
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'

export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379/15'

/** True when Redis answers PING within a second; the suites skip (with a message) when it does not. */
export async function redisReachable(url = REDIS_TEST_URL): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  probe.on('error', () => {})
  try {
    await probe.connect()
    return (await probe.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    probe.disconnect()
  }
}

export async function skipUnlessRedis(suite: string): Promise<boolean> {
  const up = await redisReachable()
  if (!up) console.warn(`[${suite}] SKIPPED: Redis is not reachable at ${REDIS_TEST_URL} (start it: redis-server --daemonize yes)`)
  return up
}

export const testPrefix = (name: string) => `t-${name}-${randomBytes(4).toString('hex')}`

/** Deletes every key under `${prefix}:` in the test database. */
export async function cleanPrefix(prefix: string, url = REDIS_TEST_URL): Promise<number> {
  const redis = new Redis(url)
  try {
    let deleted = 0
    let cursor = '0'
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500)
      cursor = next
      if (found.length) deleted += await redis.del(...found)
    } while (cursor !== '0')
    return deleted
  } finally {
    await redis.quit()
  }
}

export async function countKeys(prefix: string, url = REDIS_TEST_URL): Promise<number> {
  const redis = new Redis(url)
  try {
    let n = 0
    let cursor = '0'
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500)
      cursor = next
      n += found.length
    } while (cursor !== '0')
    return n
  } finally {
    await redis.quit()
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not met within ${timeoutMs} ms`)
    await sleep(20)
  }
}

export const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`
