// Shared bits for the Redis-mode tests: the dedicated database (REDIS_TEST_URL, default db 15), a key prefix of
// their own per test file so files running in parallel never touch each other's keys, and cleaning by prefix.
// When Redis is down the suites skip; the run's closing lines name them (test/helpers/environment.ts).
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { REDIS_TEST_URL, redisMissing } from '../helpers/environment.js'

export { REDIS_TEST_URL }

/** True when Redis answers PING within a second (the probe of test/helpers/environment.ts). */
export async function redisReachable(url = REDIS_TEST_URL): Promise<boolean> {
  return (await redisMissing(url)) === undefined
}

/** Whether the suite can run; when it cannot, it skips and the run's closing lines say so (skip-reporter.ts). */
export async function skipUnlessRedis(_suite: string): Promise<boolean> {
  return redisReachable()
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
