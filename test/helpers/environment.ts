// The groups of tests that need something from the machine (a browser, a Redis server): where they live, how to
// tell whether they can run here, and how to enable them. Test files skip with `describe.skipIf` on the same
// probe; test/helpers/skip-reporter.ts names every skipped group in the run's closing lines, and with
// TEST_NO_SKIPS=1 (as .ci/run sets) test/helpers/environment-setup.ts and the reporter make any skip a failure.
import { accessSync, constants } from 'node:fs'

/** Set to 1 (as .ci/run does) to make a run fail when any test is skipped. */
export const STRICT_VARIABLE = 'TEST_NO_SKIPS'
export const strict = (env: NodeJS.ProcessEnv = process.env) => env[STRICT_VARIABLE] === '1'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379/15'

/** Why Chromium cannot be used here, or undefined when it can. */
export function chromiumMissing(path = CHROMIUM_PATH): string | undefined {
  try {
    accessSync(path, constants.X_OK)
    return undefined
  } catch {
    return `no Chromium at ${path}`
  }
}

/** Why Redis cannot be used here (no PONG within a second), or undefined when it can. */
export async function redisMissing(url = REDIS_TEST_URL): Promise<string | undefined> {
  const { Redis } = await import('ioredis')
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  probe.on('error', () => {})
  try {
    await probe.connect()
    return (await probe.ping()) === 'PONG' ? undefined : `Redis at ${url} does not answer PING`
  } catch {
    return `Redis not reachable at ${url}`
  } finally {
    probe.disconnect()
  }
}

export interface TestGroup {
  /** In the closing line: `skipped 7 ${label} tests`. */
  label: string
  /** Test files under these directories (relative to the repository, with a trailing /) belong to the group. */
  paths: string[]
  /** Why the group cannot run here, or undefined when it can. */
  probe(): Promise<string | undefined>
  /** How to enable it. */
  enable: string
}

export const TEST_GROUPS: TestGroup[] = [
  {
    label: 'browser',
    paths: ['test/console/'],
    probe: async () => chromiumMissing(),
    enable: 'apt-get install -y chromium fonts-wqy-microhei, or CHROMIUM_PATH=/path/to/chromium',
  },
  {
    label: 'Redis',
    paths: ['test/redis/'],
    probe: () => redisMissing(),
    enable: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no, or REDIS_TEST_URL=redis://HOST:PORT/DB',
  },
]

/** The group a test file (a path relative to the repository, with forward slashes) belongs to. */
export function groupOf(file: string): TestGroup | undefined {
  return TEST_GROUPS.find((g) => g.paths.some((p) => file.startsWith(p)))
}
