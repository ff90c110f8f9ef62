// The per-conversation lock across instances: SET key token NX PX ttl, retried until a bounded total wait;
// released by compare-and-delete, so an instance never frees a lock that expired and went to someone else.
// The lease is renewed while the turn runs; an instance that dies stops renewing and its lock expires.
// The in-process keyed mutex stays in front: one instance queues its own turns locally and only the head of
// each queue asks Redis.
// It speaks node-redis, on the connection Keyv's sessions use: node-redis writes every command issued in one
// turn of the event loop with one syscall, where ioredis writes each on its own (about three times the CPU per
// command here; docs/performance.md, lesson 1). Being on that connection also lets a turn's session read go out
// right behind its lock request (docs/performance.md, lesson 1).
import { randomUUID } from 'node:crypto'
import { ConversationBusyError, createKeyedMutex, startNow, type ConversationLock, type Fence } from './keyed-mutex.js'
import { luaScript, type ScriptClient } from '../storage/redis-script.js'

const release = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`)
const renew = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`)

/** What the lock needs of a node-redis client (the one `createRedisConnections` makes for Keyv): sendCommand. */
export type LockClient = ScriptClient

export class LockTimeoutError extends ConversationBusyError {
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

  const requestLock = (key: string, token: string) => redis.sendCommand(['SET', key, token, 'PX', leaseMs, 'NX'])

  /** Waits for the lock, given the answer to a first request already sent; true if that first request got it. */
  async function acquire(key: string, token: string, first: Promise<unknown>): Promise<boolean> {
    if ((await first) === 'OK') return true
    const deadline = Date.now() + waitMs
    let pause = 5
    for (;;) {
      if (Date.now() >= deadline) throw new LockTimeoutError(waitMs)
      // Jittered backoff up to 100 ms: another instance's turn usually takes milliseconds.
      await sleep(Math.min(pause, deadline - Date.now()) * (0.5 + Math.random()))
      pause = Math.min(pause * 2, 100)
      if ((await requestLock(key, token)) === 'OK') return false
    }
  }

  function keepRenewed(fence: Fence): NodeJS.Timeout {
    const { lockKey: key, token } = fence
    const timer = setInterval(() => {
      if (fence.released) return // the turn's session write let it go
      renew(redis, [key], [token, leaseMs]).then(
        (renewed) => {
          if (renewed === 0 && !fence.released) options.logger?.warn({ key }, 'conversation lock lost before the turn ended')
        },
        () => {}, // Redis away: the lease simply runs out, as it would for a crashed instance
      )
    }, Math.max(Math.floor(ttlMs / 3), 10))
    timer.unref()
    return timer
  }

  /**
   * The cross-instance part: take the lock, read, work, let go. The read is sent right behind the lock request,
   * on the same connection, so Redis runs it once the lock is granted: when the lock is free (nearly always) a
   * turn waits one round trip before its work, not two. When it is not, that early read is dropped and made
   * again once the lock is held. `read` must use this lock's connection; on another one, it could run before the
   * lock request and see a state the holder was about to change.
   * `work` gets the lock's fence: a session write made with it lets the lock go too (one round trip, not two),
   * and then there is nothing left to release here.
   */
  async function exclusive<S, U>(conversation: string, read: () => Promise<S>, work: (state: S, fence: Fence) => Promise<U>): Promise<U> {
    const key = `${prefix}:lock:${conversation}`
    const fence: Fence = { lockKey: key, token: randomUUID(), released: false }
    const first = requestLock(key, fence.token)
    const early = startNow(read)
    early.catch(() => {}) // dropped when the lock was taken; if it is used, its failure is met below
    const atOnce = await acquire(key, fence.token, first)
    const renewal = keepRenewed(fence)
    try {
      return await work(await (atOnce ? early : read()), fence)
    } finally {
      clearInterval(renewal)
      // Waited for, so that a turn has let go before its reply leaves: an instance killed after replying holds no
      // lock. (Not waiting saved about 6 % of a locked turn's CPU, but a kill at that instant left conversations
      // locked for a whole lease: docs/performance.md, lesson 1.)
      if (!fence.released) await release(redis, [key], [fence.token]).catch(() => {}) // if Redis is away the lease expires on its own
    }
  }

  const nothingToRead = () => Promise.resolve(undefined)

  return {
    run<T>(conversation: string, task: () => Promise<T>): Promise<T> {
      return local.run(conversation, () => exclusive(conversation, nothingToRead, task))
    },
    runOrdered(conversation, task) {
      return local.run(conversation, () => task((read, work) => exclusive(conversation, read, work)))
    },
  }
}
