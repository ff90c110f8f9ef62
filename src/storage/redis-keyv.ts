// A Keyv namespace in Redis (@keyv/redis) that raises on every Redis error, never reading a failure as
// "missing". Keys look like `${prefix}:${namespace}::${key}`. And a write in Keyv's format that lands only while a
// conversation lock is held (a locked turn's session write).
import KeyvRedis, { Keyv } from '@keyv/redis'
import { LockLostError, type Fence } from '../conversation/keyed-mutex.js'
import { deserializeLikeKeyv, serializeLikeKeyv } from './keyv-json.js'
import type { KeyvRedisClient } from './redis-connection.js'
import { luaScript, type ScriptClient } from './redis-script.js'

export function redisKeyv<T>(client: KeyvRedisClient, prefix: string, namespace: string): Keyv<T> {
  const fullNamespace = `${prefix}:${namespace}`
  // The client is shared and owned by RedisConnections: the adapter never connects or closes it itself.
  const store = new KeyvRedis<T>(client as ConstructorParameters<typeof KeyvRedis>[0] & object, {
    namespace: fullNamespace,
    throwOnErrors: true,
    throwOnConnectError: true,
  })
  return new Keyv<T>({
    store,
    namespace: fullNamespace,
    useKeyPrefix: false,
    throwOnErrors: true,
    serialize: serializeLikeKeyv,
    deserialize: deserializeLikeKeyv,
  })
}

// KEYS: the lock, the value's key; ARGV: the lock's token, the value, its TTL in ms.
const setWhileLocked = luaScript(`if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
redis.call('DEL', KEYS[1])
return 1`)

/**
 * Sets a value in a namespace exactly as redisKeyv's Keyv would (the same key, the same bytes: Keyv reads it
 * back as its own), but only while `fence`'s lock is held, and lets that lock go in the same script: a locked
 * turn's write and release are one round trip, and a turn whose lease ran out cannot overwrite the next
 * holder's write. The lock's key and the value's must be on one Redis (a cluster would need one hash slot).
 */
export function fencedKeyvSet(client: ScriptClient, prefix: string, namespace: string) {
  const keyPrefix = `${prefix}:${namespace}::`
  return async (key: string, value: unknown, ttlMs: number, fence: Fence): Promise<void> => {
    // Keyv's envelope, field by field as Keyv.set builds it.
    const stored = serializeLikeKeyv({ value, expires: Date.now() + ttlMs })
    const done = await setWhileLocked(client, [fence.lockKey, keyPrefix + key], [fence.token, stored, String(ttlMs)])
    if (done !== 1) throw new LockLostError()
    fence.released = true
  }
}
