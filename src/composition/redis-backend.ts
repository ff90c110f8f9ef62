// Everything that lives in Redis when REDIS_URL is set, built in one place for the composition root (src/app.ts):
// Keyv namespaces (sessions, gaps, answers), the conversation lock, the outbox and its BullMQ worker, wired to
// the connections of src/storage/redis-connection.ts. Storage knows nothing of the conversation or the hand-off;
// this is where they meet.
import type Keyv from 'keyv'
import { LockLostError, type ConversationLock } from '../conversation/keyed-mutex.js'
import { createRedisLock } from '../conversation/redis-lock.js'
import type { FencedWrite } from '../conversation/session-store.js'
import { createRedisCaseStore } from '../casework/redis-case-store.js'
import type { CaseStore } from '../casework/types.js'
import { createBullmqDeliveryWorker, type BullmqDeliveryWorkerOptions } from '../handoff/bullmq-worker.js'
import { createRedisApplicationStore, type RedisApplicationStore } from '../handoff/redis-outbox.js'
import type { DeliveryWorker } from '../handoff/worker.js'
import { createRedisConnections, describeRedisUrl } from '../storage/redis-connection.js'
import { keyvSetWhileLocked, redisKeyv } from '../storage/redis-keyv.js'
import type { ScriptClient } from '../storage/redis-script.js'

/** Timings: the environment sets the first three (REDIS_LOCK_TTL_MS, HANDOFF_JOB_LOCK_MS, HANDOFF_STALLED_INTERVAL_MS). */
export interface RedisTuning {
  /** Conversation lock lifetime without renewal (default 10 s). */
  lockTtlMs?: number
  /** Longest a turn waits for the conversation lock (default lockTtlMs + 5 s). */
  lockWaitMs?: number
  /** BullMQ job lock: a dead instance's delivery is taken over after about this (default 30 s). */
  jobLockDurationMs?: number
  /** How often stalled deliveries are looked for (default 30 s). */
  stalledIntervalMs?: number
}

export interface RedisBackendOptions extends RedisTuning {
  url: string
  prefix: string
  /** HANDOFF_MAX_ATTEMPTS: the BullMQ job's attempts. */
  maxAttempts: number
  logger?: { warn(obj: object, msg?: string): void }
}

export interface RedisBackend {
  readonly prefix: string
  keyv<T>(namespace: string): Keyv<T>
  /** Sets a value of that namespace only while a conversation lock's fence holds, and lets the lock go. */
  fencedSet(namespace: string): FencedWrite
  readonly lock: ConversationLock
  readonly applications: RedisApplicationStore
  /** The office's answers and the notices they owe (src/casework), beside the outbox. */
  readonly caseStore: CaseStore
  deliveryWorker(options: Omit<BullmqDeliveryWorkerOptions, 'store' | 'connect' | 'prefix' | 'lockDurationMs' | 'stalledIntervalMs'>): DeliveryWorker
  /** Waits for the connections; rejects with one clear line when Redis cannot be reached. */
  ready(): Promise<void>
  /** Closes the queue and every connection (stop the delivery worker first). */
  close(): Promise<void>
  /** For the start-up log: where the data lives, without any password. */
  readonly description: string
}

export function createRedisBackend(options: RedisBackendOptions): RedisBackend {
  const connections = createRedisConnections(options.url, { name: options.prefix, logger: options.logger })
  const { prefix } = options
  const applications = createRedisApplicationStore({ redis: connections.commands, prefix, maxAttempts: options.maxAttempts })
  const lock = createRedisLock({
    redis: connections.keyvClient,
    prefix,
    ttlMs: options.lockTtlMs,
    waitMs: options.lockWaitMs,
    logger: options.logger,
  })
  return {
    prefix,
    keyv: <T>(namespace: string) => redisKeyv<T>(connections.keyvClient, prefix, namespace),
    // On the lock's own connection, as the lock's release is.
    fencedSet: (namespace) => fencedKeyvSet(connections.keyvClient, prefix, namespace),
    lock,
    applications,
    caseStore: createRedisCaseStore({ redis: connections.commands, prefix }),
    deliveryWorker: (workerOptions) =>
      createBullmqDeliveryWorker({
        ...workerOptions,
        store: applications,
        connect: connections.workerConnection,
        prefix,
        lockDurationMs: options.jobLockDurationMs,
        stalledIntervalMs: options.stalledIntervalMs,
      }),
    ready: () => connections.ready(),
    async close() {
      await applications.close()
      await connections.close()
    },
    description: `${describeRedisUrl(options.url)} (key prefix ${prefix}:)`,
  }
}

/**
 * A locked turn's session write (redis-keyv.ts keyvSetWhileLocked): it lands only while the turn's fence holds
 * and lets the lock go; the fence is then released. A lock no longer the turn's raises LockLostError.
 */
export function fencedKeyvSet(client: ScriptClient, prefix: string, namespace: string): FencedWrite {
  const set = keyvSetWhileLocked(client, prefix, namespace)
  return async (key, value, ttlMs, fence) => {
    if (!(await set(key, value, ttlMs, fence))) throw new LockLostError()
    fence.released = true
  }
}
