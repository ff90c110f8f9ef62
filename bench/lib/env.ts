// The environment every app the bench starts runs with: loopback, a fresh data directory, the default
// (offline, extractive) configuration, and Redis only when asked for.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './questions.js'

export type StoreMode = 'sqlite' | 'redis'

/** Every Redis key the bench writes starts with this, so it can remove them all afterwards. */
export const BENCH_REDIS_PREFIX = `bench-${process.pid}`

export function appEnv(mode: StoreMode, redisUrl: string | undefined): Record<string, string | undefined> {
  return {
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'assistant-bench-')),
    LOG_LEVEL: 'info',
    // Measure the default offline configuration: no model, no WeChat login, no webhook.
    OPENAI_API_KEY: '',
    WECHATY_PUPPET: '',
    HANDOFF_WEBHOOK_URL: '',
    API_TOKEN: '',
    // Bench sessions in a shared Redis expire the next day.
    SESSION_TTL_DAYS: '1',
    REDIS_URL: mode === 'redis' ? redisUrl : '',
    REDIS_PREFIX: BENCH_REDIS_PREFIX,
  }
}

/**
 * The Node flags `npm start` runs with (package.json's start script), for every child that stands for it: the
 * bench measures what an operator runs.
 */
export function startNodeFlags(root = ROOT): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  // `node <flags> <script> …`; a flag's value must be joined to it (--max-old-space-size=200), or it would be
  // taken for the script.
  const [command, ...args] = start.trim().split(/\s+/)
  const script = args.findIndex((arg) => !arg.startsWith('-'))
  if (command !== 'node' || script < 0) throw new Error(`npm start is not "node <flags> <script>": ${start}`)
  return args.slice(0, script)
}
