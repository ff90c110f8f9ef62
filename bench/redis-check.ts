// Whether the Redis mode can be benched (Redis answers PING, and src/app.ts reads REDIS_URL at all), which
// redis-server process it is, and the bench's keys removed afterwards.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { ROOT } from './lib/questions.js'

export async function redisStatus(url: string): Promise<{ usable: boolean; note: string }> {
  const wired = /REDIS_URL/.test(readFileSync(join(ROOT, 'src/app.ts'), 'utf8'))
  if (!wired) return { usable: false, note: 'src/app.ts does not read REDIS_URL yet' }
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  try {
    await client.connect()
    const pong = await client.ping()
    return pong === 'PONG' ? { usable: true, note: 'reachable' } : { usable: false, note: `PING answered ${pong}` }
  } catch (err) {
    return { usable: false, note: `unreachable: ${(err as Error).message}` }
  } finally {
    client.disconnect()
  }
}

/** Deletes every key under the bench's prefix; returns how many went. */
export async function removeBenchKeys(url: string, prefix: string): Promise<number> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 })
  let removed = 0
  try {
    let cursor = '0'
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
      if (keys.length) removed += await client.del(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    client.disconnect()
  }
  return removed
}

/**
 * The process id of the redis-server behind `url` (INFO server), for its CPU; undefined when it runs on another
 * machine, where this one cannot see its CPU.
 */
export async function redisServerPid(url: string): Promise<number | undefined> {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) return undefined
  const client = new Redis(url, { maxRetriesPerRequest: 1 })
  try {
    const pid = Number(/^process_id:(\d+)/m.exec(await client.info('server'))?.[1])
    return pid && existsSync(`/proc/${pid}`) ? pid : undefined
  } finally {
    client.disconnect()
  }
}
