// A Keyv store on the shared better-sqlite3 connection, so sessions, applications and the outbox live in one
// file with one native driver (@keyv/sqlite would bring a second driver, sqlite3, onto the same file).
// Keyv hands us its {value, expires} objects unserialised (see sqliteKeyv): rows hold plain JSON, parsed without
// @keyv/serialize's per-value reviver, which the bench found costly on every turn. An `expires` column lets
// expired rows be purged on a schedule.
import type { KeyvStoreAdapter, StoredData } from 'keyv'
import Keyv from 'keyv'
import { setBounded } from '../bounded.js'
import type { Db } from './sqlite.js'
import { writeBatchOf, type WriteBatch } from './write-batch.js'

/**
 * The `expires` column is only for the purge: Keyv keeps each value's exact expiry inside its JSON and checks
 * it on every read. So the column is set a little later than asked (EXPIRES_SLACK_MS, at most a tenth of the
 * TTL), and a write that comes before the column falls due leaves it alone: a form turn then changes the
 * row's value but not its entry in the expires index, which was a third of the cost of a session write and
 * index pages in every group commit. The column is never earlier than the value's own expiry, so the purge
 * never deletes a live row; an expired row may wait for the purge at most this much longer.
 */
const EXPIRES_SLACK_MS = 3_600_000
/** How many rows' columns are remembered, to know when each falls due (the longest unwritten are forgotten first). */
const REMEMBERED_EXPIRES = 10_000

export class KeyvSqliteStore implements KeyvStoreAdapter {
  // Keyv reads opts.dialect/opts.url to decide whether the store can iterate (for listing a namespace).
  opts: Record<string, unknown> = { dialect: 'sqlite', url: 'sqlite://shared' }
  namespace?: string
  private readonly stmts
  /** Writes go through the connection's group commit (write-batch.ts), shared with the outbox. */
  private readonly batch: WriteBatch
  /** What a key holds while its write waits for the commit (null: being deleted). Reads see it. */
  private readonly pending = new Map<string, string | null>()
  /** The `expires` column of rows this store wrote (see EXPIRES_SLACK_MS). */
  private readonly columnExpires = new Map<string, number>()

  constructor(db: Db, table = 'keyv') {
    db.exec(`CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER)`)
    db.exec(`CREATE INDEX IF NOT EXISTS ${table}_expires ON ${table}(expires)`)
    this.stmts = {
      get: db.prepare<[string], { value: string }>(`SELECT value FROM ${table} WHERE key = ?`),
      set: db.prepare(`INSERT INTO ${table} (key, value, expires) VALUES (?, ?, ?)
                       ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires`),
      setValueOnly: db.prepare(`UPDATE ${table} SET value = ? WHERE key = ?`),
      delete: db.prepare(`DELETE FROM ${table} WHERE key = ?`),
      clearPrefix: db.prepare(`DELETE FROM ${table} WHERE key >= ? AND key < ?`),
      clearAll: db.prepare(`DELETE FROM ${table}`),
      listPrefix: db.prepare<[string, string], { key: string; value: string }>(
        `SELECT key, value FROM ${table} WHERE key >= ? AND key < ? ORDER BY key`,
      ),
    }
    this.batch = writeBatchOf(db)
  }

  /** Runs a write in the next group commit, with `key` reading as `value` until it is committed. */
  private async write<T>(key: string, value: string | null, write: () => T): Promise<T> {
    this.pending.set(key, value)
    try {
      return await this.batch.run(write)
    } catch (err) {
      this.columnExpires.delete(key) // what the row's column holds is no longer known
      throw err
    } finally {
      if (this.pending.get(key) === value) this.pending.delete(key)
    }
  }

  /**
   * The row's JSON, or undefined. A write still waiting for its commit is what this key holds now; reading it
   * does not force the commit, so concurrent requests keep sharing one.
   */
  private raw(key: string): string | undefined {
    const waiting = this.pending.get(key)
    if (waiting !== undefined) return waiting ?? undefined // null: being deleted
    return this.stmts.get.get(key)?.value
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const raw = this.raw(key)
    return raw === undefined ? undefined : (JSON.parse(raw) as StoredData<Value>)
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const expires = typeof ttl === 'number' && ttl > 0 ? Date.now() + ttl : null
    // Serialised now: the caller may change its object once set() returns.
    const json = JSON.stringify(value)
    const column = this.columnExpires.get(key)
    if (expires !== null && column !== undefined && column >= expires) {
      // The row's column still covers this expiry: only its value changes (a row gone meanwhile is written anew).
      await this.write(key, json, () => this.stmts.setValueOnly.run(json, key).changes || this.upsert(key, json, expires, ttl!))
    } else {
      await this.write(key, json, () => this.upsert(key, json, expires, ttl))
    }
    return true
  }

  private upsert(key: string, json: string, expires: number | null, ttl: number | undefined): number {
    if (expires === null) {
      this.columnExpires.delete(key)
      return this.stmts.set.run(key, json, null).changes
    }
    const column = expires + Math.min(EXPIRES_SLACK_MS, Math.floor(ttl! / 10))
    const { changes } = this.stmts.set.run(key, json, column)
    this.columnExpires.delete(key) // re-inserted last: the first key is the one written longest ago
    setBounded(this.columnExpires, key, column, REMEMBERED_EXPIRES)
    return changes
  }

  async delete(key: string): Promise<boolean> {
    const existed = this.raw(key) !== undefined
    this.columnExpires.delete(key)
    await this.write(key, null, () => this.stmts.delete.run(key))
    return existed
  }

  async clear(): Promise<void> {
    this.batch.flushNow()
    this.pending.clear()
    this.columnExpires.clear()
    if (this.namespace) this.stmts.clearPrefix.run(...prefixRange(`${this.namespace}:`))
    else this.stmts.clearAll.run()
  }

  async has(key: string): Promise<boolean> {
    return this.raw(key) !== undefined
  }

  /** Keyv's iterator protocol: yields [key, {value, expires}] within the namespace. */
  async *iterator<Value>(namespace?: string): AsyncGenerator<Array<string | Awaited<Value> | undefined>, void> {
    this.batch.flushNow()
    const prefix = namespace ? `${namespace}:` : ''
    for (const row of this.stmts.listPrefix.all(...prefixRange(prefix))) yield [row.key, JSON.parse(row.value) as Awaited<Value>]
  }

  on(): this {
    return this
  }

  async disconnect(): Promise<void> {}
}

/** The keys (without the namespace) of a Keyv namespace's rows, expired ones included. */
export function keysOf(db: Db, namespace: string, table = 'keyv'): string[] {
  const prefix = `${namespace}:`
  const rows = db.prepare<[string, string], string>(`SELECT key FROM ${table} WHERE key >= ? AND key < ?`).pluck().all(...prefixRange(prefix))
  return rows.map((key) => key.slice(prefix.length))
}

/** Deletes every expired row of the shared table (all namespaces); SQLite never does it itself. */
export function purgeExpiredRows(db: Db, now = Date.now(), table = 'keyv'): number {
  return db.prepare(`DELETE FROM ${table} WHERE expires IS NOT NULL AND expires < ?`).run(now).changes
}

/** Purges expired rows now and then every `everyMs`; returns a function that stops it. */
export function schedulePurge(db: Db, everyMs: number, onError: (err: unknown) => void): () => void {
  const run = () => {
    try {
      purgeExpiredRows(db)
    } catch (err) {
      onError(err)
    }
  }
  run()
  const timer = setInterval(run, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}

function prefixRange(prefix: string): [string, string] {
  return [prefix, prefix + '\uffff']
}

/**
 * A Keyv over the shared database that raises on storage errors (never reads a failure as "missing").
 * Each Keyv gets its own store object: Keyv writes its namespace onto the store it is given.
 */
export function sqliteKeyv<T>(db: Db, namespace: string): { keyv: Keyv<T>; store: KeyvSqliteStore } {
  const store = new KeyvSqliteStore(db)
  // serialize/deserialize undefined: Keyv passes its {value, expires} object to the store, which keeps JSON.
  return { keyv: new Keyv<T>({ store, namespace, throwOnErrors: true, serialize: undefined, deserialize: undefined }), store }
}
