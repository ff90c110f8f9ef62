// A Keyv namespace in Redis (@keyv/redis) that raises on every Redis error, never reading a failure as
// "missing". Keys look like `${prefix}:${namespace}::${key}`.
import KeyvRedis, { Keyv } from '@keyv/redis'
import { deserializeLikeKeyv, serializeLikeKeyv } from './keyv-json.js'
import type { KeyvRedisClient } from './redis-connection.js'

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
