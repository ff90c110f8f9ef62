// The per-conversation lock across instances: SET key token NX PX ttl, retried until a bounded total wait;
// released by compare-and-delete, so an instance never frees a lock that expired and went to someone else.
// The lease is renewed while the turn runs; an instance that dies stops renewing and its lock expires.
// The in-process keyed mutex stays in front: one instance queues its own turns locally and only the head of
// each queue asks Redis.
// It speaks node-redis, on the connection Keyv's sessions use: node-redis writes every command issued in one
// turn of the event loop with one syscall, where ioredis writes each on its own (about three times the CPU per
// command here; docs/performance.md item 28).
import { randomUUID } from 'node:crypto'
import { createKeyedMutex, type ConversationLock } from './keyed-mutex.js'
import { luaScript, type ScriptClient } from '../storage/redis-script.js'

const release = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`)
const renew = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`)

/** What the lock needs of a node-redis client (the one `createRedisConnections` makes for Keyv): sendCommand. */
export type LockClient = ScriptClient

export class LockTimeoutError extends Error {
  constructor(waitedMs: number) {
    super(`conversation is busy: lock not acquired within ${waitedMs} ms`)
    this.name = 'LockTimeoutError'
  }
}

export interface RedisLockOptions {
  redis: LockClient
  /** Key prefix of the deployment; locks live at `${prefix}:lock:${conversation}`. */
  prefix: string
  /** Lifetime of a lock nobody renews (a crashed holder's lock is free after this). */
  ttlMs?: number
  /** Longest a turn waits for another instance's turn; more than ttlMs, so a crashed holder is outlived. */
  waitMs?: number
  logger?: { warn(obj: object, msg?: string): void }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function createRedisLock(options: RedisLockOptions): ConversationLock {
  const { redis, prefix } = options
  const ttlMs = options.ttlMs ?? 10_000
  const waitMs = options.waitMs ?? ttlMs + 5000
  const local = createKeyedMutex()
  const leaseMs = String(ttlMs)

  async function acquire(key: string, token: string): Promise<void> {
    const deadline = Date.now() + waitMs
    let pause = 5
    for (;;) {
      if ((await redis.sendCommand(['SET', key, token, 'PX', leaseMs, 'NX'])) === 'OK') return
      if (Date.now() >= deadline) throw new LockTimeoutError(waitMs)
      // Jittered backoff up to 100 ms: another instance's turn usually takes milliseconds.
      await sleep(Math.min(pause, deadline - Date.now()) * (0.5 + Math.random()))
      pause = Math.min(pause * 2, 100)
    }
  }

  function keepRenewed(key: string, token: string): NodeJS.Timeout {
    const timer = setInterval(() => {
      renew(redis, [key], [token, leaseMs]).then(
        (renewed) => {
          if (renewed === 0) options.logger?.warn({ key }, 'conversation lock lost before the turn ended')
        },
        () => {}, // Redis away: the lease simply runs out, as it would for a crashed instance
      )
    }, Math.max(Math.floor(ttlMs / 3), 10))
    timer.unref()
    return timer
  }

  /** The cross-instance part: acquire, keep renewed while `work` runs, release. */
  async function exclusive<U>(conversation: string, work: () => Promise<U>): Promise<U> {
    const key = `${prefix}:lock:${conversation}`
    const token = randomUUID()
    await acquire(key, token)
    const renewal = keepRenewed(key, token)
    try {
      return await work()
    } finally {
      clearInterval(renewal)
      await release(redis, [key], [token]).catch(() => {}) // if Redis is away the lease expires on its own
    }
  }

  return {
    run<T>(conversation: string, task: () => Promise<T>): Promise<T> {
      return local.run(conversation, () => exclusive(conversation, task))
    },
    runOrdered(conversation, task) {
      return local.run(conversation, () => task((work) => exclusive(conversation, work)))
    },
  }
}
