// The embedded store: one SQLite file in DATA_DIR holds sessions, applications and the outbox.
import type Database from 'better-sqlite3'
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

// Loaded when a database is first opened: Redis mode never opens one, and is spared the driver (about 5 MB of RSS).
const loadDriver = () => createRequire(import.meta.url)('better-sqlite3') as typeof Database

export type Db = Database.Database

export const DATABASE_FILE = 'assistant.sqlite'

/** Opens (creating if needed) the database; the directory and files are readable by the owner only. */
export function openDatabase(dataDir: string): Db {
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  chmodSync(dataDir, 0o700)
  const file = join(dataDir, DATABASE_FILE)
  const db = new (loadDriver())(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL') // WAL + NORMAL survives a process kill; only power loss can drop the last commits
  db.pragma('busy_timeout = 5000')
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600)
  return db
}
