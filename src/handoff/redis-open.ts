// The Redis outbox on its own connection, for tools outside the running service (`npm run outbox`): list,
// retry and replay-dead act on the same records and queue the instances' BullMQ workers serve, so a retry
// is picked up at once by whichever instance is free.
import { Redis } from 'ioredis'
import { closeIoredis } from '../storage/redis-connection.js'
import { createRedisApplicationStore, type RedisApplicationStore } from './redis-outbox.js'

export interface OpenedRedisOutbox {
  store: RedisApplicationStore
  close(): Promise<void>
}

export function openRedisOutbox(options: { url: string; prefix: string; maxAttempts: number }): OpenedRedisOutbox {
  const redis = new Redis(options.url, { maxRetriesPerRequest: 1, connectTimeout: 5000 })
  redis.on('error', () => {}) // surfaces on the command that failed
  const store = createRedisApplicationStore({ redis, prefix: options.prefix, maxAttempts: options.maxAttempts })
  return {
    store,
    async close() {
      await store.close()
      await closeIoredis(redis)
    },
  }
}
