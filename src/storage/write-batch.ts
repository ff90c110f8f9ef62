// Group commit for the shared SQLite connection. A commit costs several times a row, so the writes made in one
// or two turns of the event loop (session writes, an application's submit, gap records, from every
// conversation running at that moment) are committed together in one transaction. Each write runs in its own
// savepoint, so one that fails is rolled back alone; and each caller's promise settles only once its write is
// committed: what a caller was told is stored is stored.
import type { Db } from './sqlite.js'

export interface WriteBatch {
  /** Runs `write` inside the next commit; resolves with its result once that commit is done. */
  run<T>(write: () => T): Promise<T>
  /** Commits what is waiting now (before a read that must see every write, or before closing). */
  flushNow(): void
}

interface Waiting {
  write: () => unknown
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
}

const batches = new WeakMap<Db, WriteBatch>()

/** The one batch of a connection: everything that writes through it shares the commits. */
export function writeBatchOf(db: Db): WriteBatch {
  let batch = batches.get(db)
  if (!batch) batches.set(db, (batch = createWriteBatch(db)))
  return batch
}

/**
 * A busy event loop brings about 20 writes a turn. A commit costs far more than a row, and rows of the same
 * moment share pages (the ends of the tables and indexes), so a small batch waits one more turn of the loop for
 * company: measured here, a write costs about a quarter less at 40 rows a commit than at 13. A quiet moment's
 * batch waits no time to speak of (a turn of an idle loop), and never past GATHER_MS.
 */
const GATHER_ROWS = 32
const GATHER_MS = 2

function createWriteBatch(db: Db): WriteBatch {
  let waiting: Waiting[] = []
  let scheduled = false
  let firstAt = 0
  let waitedOnce = false

  // Prepared once: wrapping each write in db.transaction() built a new wrapper per write (the profile saw it).
  const savepoint = db.prepare('SAVEPOINT batch_write')
  const release = db.prepare('RELEASE batch_write')
  const rollbackTo = db.prepare('ROLLBACK TO batch_write')

  const commit = db.transaction((items: Waiting[]) => {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = []
    for (const item of items) {
      savepoint.run()
      try {
        outcomes.push({ ok: true, value: item.write() })
        release.run()
      } catch (error) {
        rollbackTo.run() // this write alone is undone; the others in the batch stand
        release.run()
        outcomes.push({ ok: false, error })
      }
    }
    return outcomes
  })

  /** At the end of the loop's turn: commit, or (once) let a small, young batch wait one more turn. */
  function flushSoon(): void {
    if (!waitedOnce && waiting.length < GATHER_ROWS && performance.now() - firstAt < GATHER_MS) {
      waitedOnce = true
      setImmediate(flushSoon)
    } else flushNow()
  }

  function flushNow(): void {
    if (!scheduled) return // already committed (flushNow() was called directly)
    scheduled = false
    const items = waiting
    waiting = []
    if (items.length === 0) return
    let outcomes
    try {
      // IMMEDIATE: takes the write lock up front, so another process on the file (npm run outbox) waits its turn.
      outcomes = commit.immediate(items)
    } catch (error) {
      for (const item of items) item.reject(error)
      return
    }
    outcomes.forEach((outcome, i) => (outcome.ok ? items[i].resolve(outcome.value) : items[i].reject(outcome.error)))
  }

  return {
    run<T>(write: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiting.push({ write, resolve: resolve as (value: unknown) => void, reject })
        if (!scheduled) {
          scheduled = true
          firstAt = performance.now()
          waitedOnce = false
          setImmediate(flushSoon)
        }
      })
    },
    flushNow,
  }
}
