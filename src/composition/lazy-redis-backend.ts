// The Redis backend, loaded only when REDIS_URL is set: BullMQ, ioredis and @keyv/redis take about half a
// second and 30 MB to load, which the default SQLite mode should not pay. createApp stays synchronous: what
// it wires now forwards to the real backend, whose loading starts at once and which start() awaits (ready()).
import type Keyv from 'keyv'
import type { CaseStore } from '../casework/types.js'
import type { ConversationLock } from '../conversation/keyed-mutex.js'
import type { RedisApplicationStore } from '../handoff/redis-outbox.js'
import type { DeliveryWorker } from '../handoff/worker.js'
import { describeRedisUrl } from '../storage/redis-url.js'
import type { RedisBackend, RedisBackendOptions } from './redis-backend.js'

export function createLazyRedisBackend(options: RedisBackendOptions): RedisBackend {
  const loading = import('./redis-backend.js').then((m) => m.createRedisBackend(options))
  loading.catch(() => undefined) // reported by ready()

  const applications = new Proxy({} as RedisApplicationStore, {
    get(_target, method) {
      if (method === 'then') return undefined // not a promise
      return async (...args: unknown[]) => {
        const store = (await loading).applications as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>
        return store[method](...args)
      }
    },
  })

  const caseStore = new Proxy({} as CaseStore, {
    get(_target, method) {
      if (method === 'then') return undefined
      return async (...args: unknown[]) => {
        const store = (await loading).caseStore as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>
        return store[method](...args)
      }
    },
  })

  return {
    prefix: options.prefix,
    caseStore,
    keyv: <T>(namespace: string) => lazyKeyv<T>(loading.then((b) => b.keyv<T>(namespace))),
    fencedSet(namespace) {
      const real = loading.then((b) => b.fencedSet(namespace))
      real.catch(() => undefined) // reported by ready()
      return async (...args) => (await real)(...args)
    },
    lock: {
      run: async (key, task) => (await loading).lock.run(key, task),
      runOrdered: async (key, task) => (await loading).lock.runOrdered(key, task),
    } satisfies ConversationLock,
    applications,
    deliveryWorker(workerOptions): DeliveryWorker {
      let real: DeliveryWorker | undefined
      let stopped = false
      const made = loading.then((b) => (real = b.deliveryWorker(workerOptions)))
      made.catch(() => undefined)
      return {
        enabled: Boolean(workerOptions.url),
        start: () => void made.then((w) => stopped || w.start()),
        wake: () => void made.then((w) => stopped || w.wake()),
        async stop() {
          stopped = true
          if (real) await real.stop()
        },
      }
    },
    ready: async () => (await loading).ready(),
    async close() {
      const backend = await loading.catch(() => undefined)
      await backend?.close()
    },
    description: `${describeRedisUrl(options.url)} (key prefix ${options.prefix}:)`,
  }
}

/** The Keyv calls the stores use (get, set, delete, getMany, has, clear), forwarded once the real one exists. */
function lazyKeyv<T>(real: Promise<Keyv<T>>): Keyv<T> {
  const forward = (method: 'get' | 'set' | 'delete' | 'getMany' | 'has' | 'clear') =>
    async (...args: unknown[]) => ((await real)[method] as (...a: unknown[]) => unknown)(...args)
  return {
    get: forward('get'),
    set: forward('set'),
    delete: forward('delete'),
    getMany: forward('getMany'),
    has: forward('has'),
    clear: forward('clear'),
  } as unknown as Keyv<T>
}
