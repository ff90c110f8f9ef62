// WAL checkpoints on a worker thread. SQLite copies the write-ahead log back into the database file (and syncs
// it) from whichever commit crosses the auto-checkpoint size; the bench measured that at about 70 % of an
// application's submit. A worker thread with its own connection checkpoints now and then instead
// (PASSIVE: it never blocks a writer), so commits on the event loop stay short. The app's connection keeps a
// large auto-checkpoint as a safety net should the worker ever stop.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Db } from './sqlite.js'

/** Pages (4 KB) the app's own connection lets the log grow to before checkpointing itself. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000

// CommonJS, evaluated in the worker: it opens the same file and checkpoints on a timer until told to stop.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 1000')
db.pragma('synchronous = NORMAL')
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }) }
}
const timer = setInterval(checkpoint, workerData.everyMs)
parentPort.on('message', () => {
  clearInterval(timer)
  checkpoint()
  db.close()
  parentPort.postMessage({ stopped: true })
})
parentPort.postMessage({ ready: true })
`

export interface Checkpointer {
  /** Runs a last checkpoint and closes the worker's connection. */
  stop(): Promise<void>
}

export function startCheckpointer(db: Db, options: { everyMs?: number; onError: (err: Error) => void }): Checkpointer {
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`)
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: db.name, driver, everyMs: options.everyMs ?? 1000 } })
  worker.unref() // never what keeps the process alive
  let exited = false
  worker.once('exit', () => (exited = true))
  let stopped: Promise<void> | undefined
  worker.on('message', (m: { error?: string }) => {
    if (m.error) options.onError(new Error(`WAL checkpoint failed: ${m.error}`))
  })
  worker.on('error', (err) => options.onError(err))
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (exited) return resolve()
        // Held from here on: with nothing else left, an unref'd worker let the loop run dry mid-stop, and the
        // process ended there (an embedder's await never settled, the app's database was never closed).
        worker.ref()
        worker.once('exit', () => resolve())
        worker.on('message', (m: { stopped?: boolean }) => {
          if (m.stopped) void worker.terminate()
        })
        worker.postMessage('stop')
        setTimeout(() => void worker.terminate(), 5000).unref() // a wedged worker must not hold up shutdown
      })
      return stopped
    },
  }
}
