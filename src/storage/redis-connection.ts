// Redis connections for one instance. Two drivers: @keyv/redis and the conversation lock speak node-redis,
// BullMQ and the outbox ioredis. Every connection fails fast while Redis is away (no offline queue): a request then errors, it never
// waits for minutes or reads a failure as "nothing stored".
import { createClient, type RedisClientType } from '@keyv/redis'
import { Redis } from 'ioredis'
import { describeRedisUrl } from './redis-url.js'
import { StartupError } from '../startup-error.js'

export { describeRedisUrl }

export type KeyvRedisClient = RedisClientType

export interface RedisConnections {
  /** node-redis, shared by every Keyv namespace (sessions, gaps, answers) and the conversation lock. */
  readonly keyvClient: KeyvRedisClient
  /** ioredis for the application records and the BullMQ queue. */
  readonly commands: Redis
  /** A fresh ioredis for a BullMQ Worker (blocking reads need maxRetriesPerRequest: null); the caller closes it. */
  workerConnection(): Redis
  /** Resolves once the shared connections are ready; rejects with a clear message if Redis cannot be reached. */
  ready(): Promise<void>
  close(): Promise<void>
}

const CONNECT_TIMEOUT_MS = 5000

/** QUIT (or a hard disconnect if that fails); a connection already closing is left alone, so no timer lingers. */
export async function closeIoredis(connection: Redis): Promise<void> {
  if (connection.status === 'end' || connection.status === 'close') return
  await connection.quit().catch(() => {
    if (connection.status !== 'end' && connection.status !== 'close') connection.disconnect()
  })
}

interface Watchable {
  on(event: 'error', listener: (error: Error) => void): unknown
  on(event: 'ready', listener: () => void): unknown
}

/** One warning when a connection drops and one when it is back, not one per reconnect attempt. */
function watch(name: string, connection: Watchable, logger?: { warn(obj: object, msg?: string): void }): void {
  let down = false
  connection.on('error', (error: Error) => {
    if (down) return
    down = true
    logger?.warn({ connection: name, err: error.message }, 'redis: connection error (requests that need Redis fail until it is back)')
  })
  connection.on('ready', () => {
    if (!down) return
    down = false
    logger?.warn({ connection: name }, 'redis: connection back')
  })
}

export interface RedisConnectionOptions {
  /** CLIENT SETNAME prefix, so `redis-cli client list` shows whose connections these are. */
  name: string
  logger?: { warn(obj: object, msg?: string): void }
}

export function createRedisConnections(url: string, options: RedisConnectionOptions): RedisConnections {
  const { name, logger } = options
  const keyvClient = createClient({
    url,
    name: `${name}:keyv`,
    disableOfflineQueue: true,
    socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
  }) as unknown as KeyvRedisClient
  // Errors also surface on the command that failed; without a listener a client would crash the process.
  watch('keyv', keyvClient as unknown as Watchable, logger)
  keyvClient.connect().catch(() => {}) // ready() reports a failure to connect

  const commands = new Redis(url, {
    connectionName: `${name}:commands`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
  })
  watch('commands', commands, logger)

  const workers: Redis[] = []

  /** Resolves when the shared connections are ready; rejects on the first connection error or after the timeout. */
  function bothReady(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no answer within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS)
      const onError = (error: Error) => finish(error)
      const onReady = () => {
        if (commands.status === 'ready' && keyvClient.isReady) finish()
      }
      function finish(error?: Error) {
        clearTimeout(timer)
        commands.off('ready', onReady).off('error', onError)
        keyvClient.off('ready', onReady).off('error', onError)
        if (error) reject(error)
        else resolve()
      }
      commands.on('ready', onReady).on('error', onError)
      keyvClient.on('ready', onReady).on('error', onError)
      onReady()
    })
  }

  return {
    keyvClient,
    commands,
    workerConnection() {
      const connection = new Redis(url, { connectionName: `${name}:worker`, maxRetriesPerRequest: null, connectTimeout: CONNECT_TIMEOUT_MS })
      watch('worker', connection, logger)
      workers.push(connection)
      return connection
    },
    async ready() {
      try {
        await bothReady()
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new StartupError(`Redis at ${describeRedisUrl(url)} is not reachable: ${reason}`)
      }
    },
    async close() {
      await Promise.allSettled([
        keyvClient.isOpen ? keyvClient.close() : Promise.resolve(),
        ...[commands, ...workers].map(closeIoredis),
      ])
    },
  }
}
