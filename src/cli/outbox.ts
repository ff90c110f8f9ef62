// `npm run outbox -- list [--status S] [--limit N] | retry ID | replay-dead` on DATA_DIR's outbox.
// A running service's worker picks up a retry within its poll interval (5 s).
import { loadConfig } from '../config.js'
import { normalizeApplicationId } from '../handoff/application-id.js'
import { maskApplicationFields } from '../handoff/mask-fields.js'
import { createSqliteApplicationStore } from '../handoff/sqlite-outbox.js'
import { DELIVERY_STATUSES, type ApplicationStore, type DeliveryStatus } from '../handoff/types.js'
import { openDatabase } from '../storage/sqlite.js'
import { openRedisOutbox } from '../handoff/redis-open.js'

const USAGE = 'usage: npm run outbox -- list [--status pending|delivering|delivered|dead] [--limit N] | retry ID | replay-dead'

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

async function list(store: ApplicationStore, args: string[]): Promise<number> {
  const status = option(args, '--status')
  if (status !== undefined && !DELIVERY_STATUSES.includes(status as DeliveryStatus)) {
    console.error(`--status must be one of ${DELIVERY_STATUSES.join(', ')}`)
    return 2
  }
  const limitText = option(args, '--limit') ?? '50'
  const limit = Number(limitText)
  if (!Number.isInteger(limit) || limit < 1) {
    console.error('--limit must be a whole number of at least 1')
    return 2
  }
  const counts = await store.countByStatus()
  console.log(DELIVERY_STATUSES.map((s) => `${s}: ${counts[s]}`).join('  '))
  for (const app of await store.list({ status: status as DeliveryStatus | undefined, limit })) {
    const when = app.deliveredAt ? `delivered ${app.deliveredAt}` : app.nextAttemptAt ? `next ${app.nextAttemptAt}` : ''
    console.log(
      [app.id, app.form, app.channel, app.submittedAt, app.status, `tries=${app.tries}`, when, app.lastError ?? '']
        .filter(Boolean)
        .join('  '),
    )
    console.log(`  ${JSON.stringify(maskApplicationFields(app.fields))}`)
  }
  return 0
}

async function retry(store: ApplicationStore, rawId: string | undefined): Promise<number> {
  if (!rawId) {
    console.error(USAGE)
    return 2
  }
  const id = (await store.get(rawId)) ? rawId : normalizeApplicationId(rawId)
  const outcome = await store.retry(id)
  const messages = {
    scheduled: [0, `${id}: pending, due now`],
    not_found: [1, `${rawId}: no such application`],
    already_delivered: [1, `${id}: already delivered`],
    in_flight: [1, `${id}: being delivered right now`],
  } as const
  const [code, message] = messages[outcome]
  ;(code === 0 ? console.log : console.error)(message)
  return code
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  const config = loadConfig()
  const outbox = config.REDIS_URL
    ? openRedisOutbox({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, maxAttempts: config.HANDOFF_MAX_ATTEMPTS })
    : sqliteOutbox(config.DATA_DIR)
  try {
    const store = outbox.store
    if (command === 'list') return await list(store, args)
    if (command === 'retry') return await retry(store, args[0])
    if (command === 'replay-dead') {
      console.log(`${await store.replayDead()} dead application(s) back to pending, due now`)
      return 0
    }
    console.error(USAGE)
    return 2
  } finally {
    await outbox.close()
  }
}

function sqliteOutbox(dataDir: string) {
  const db = openDatabase(dataDir)
  return { store: createSqliteApplicationStore(db), close: async () => db.close() }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
  },
)
