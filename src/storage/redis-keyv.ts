// A Keyv namespace in Redis (@keyv/redis) that raises on every Redis error, never reading a failure as
// "missing". Keys look like `${prefix}:${namespace}::${key}`. And a write in Keyv's format that lands only while a
// lock key holds a token (a locked turn's session write: src/composition/redis-backend.ts makes it a FencedWrite).
import KeyvRedis, { Keyv } from '@keyv/redis'
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

/** A lock held in Redis: its key holds this token while it is held. */
export interface HeldLock {
  readonly lockKey: string
  readonly token: string
}

/**
 * Sets a value in a namespace exactly as redisKeyv's Keyv would (the same key, the same bytes: Keyv reads it
 * back as its own), but only while `lock` is held, and lets that lock go in the same script: a locked turn's
 * write and release are one round trip, and a turn whose lease ran out cannot overwrite the next holder's write.
 * Resolves true when the value was set and the lock let go, false (nothing written) when the lock was not held.
 * The lock's key and the value's must be on one Redis (a cluster would need one hash slot).
 */
export function keyvSetWhileLocked(client: ScriptClient, prefix: string, namespace: string) {
  const keyPrefix = `${prefix}:${namespace}::`
  return async (key: string, value: unknown, ttlMs: number, lock: HeldLock): Promise<boolean> => {
    // Keyv's envelope, field by field as Keyv.set builds it.
    const stored = serializeLikeKeyv({ value, expires: Date.now() + ttlMs })
    return (await setWhileLocked(client, [lock.lockKey, keyPrefix + key], [lock.token, stored, String(ttlMs)])) === 1
  }
}
