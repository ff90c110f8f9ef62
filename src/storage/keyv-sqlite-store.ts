// A Keyv store on the shared better-sqlite3 connection, so sessions, applications and the outbox live in one
// file with one native driver (@keyv/sqlite would bring a second driver, sqlite3, onto the same file).
// Keyv hands us its {value, expires} objects unserialised (see sqliteKeyv): rows hold plain JSON, parsed without
// @keyv/serialize's per-value reviver, which the bench found costly on every turn. An `expires` column lets
// expired rows be purged on a schedule.
import type { KeyvStoreAdapter, StoredData } from 'keyv'
import Keyv from 'keyv'
import type { Db } from './sqlite.js'

export class KeyvSqliteStore implements KeyvStoreAdapter {
  // Keyv reads opts.dialect/opts.url to decide whether the store can iterate (for listing a namespace).
  opts: Record<string, unknown> = { dialect: 'sqlite', url: 'sqlite://shared' }
  namespace?: string
  private readonly stmts
  private readonly writeRows: (rows: Row[]) => void
  /** Writes waiting for this turn of the event loop to end: committed together, in one transaction. */
  private pending: { rows: Row[]; done: Promise<void>; resolve: () => void; reject: (err: unknown) => void } | undefined

  constructor(private readonly db: Db, table = 'keyv') {
    db.exec(`CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER)`)
    db.exec(`CREATE INDEX IF NOT EXISTS ${table}_expires ON ${table}(expires)`)
    this.stmts = {
      get: db.prepare<[string], { value: string }>(`SELECT value FROM ${table} WHERE key = ?`),
      set: db.prepare(`INSERT INTO ${table} (key, value, expires) VALUES (?, ?, ?)
                       ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires`),
      delete: db.prepare(`DELETE FROM ${table} WHERE key = ?`),
      clearPrefix: db.prepare(`DELETE FROM ${table} WHERE key >= ? AND key < ?`),
      clearAll: db.prepare(`DELETE FROM ${table}`),
      listPrefix: db.prepare<[string, string], { key: string; value: string }>(
        `SELECT key, value FROM ${table} WHERE key >= ? AND key < ? ORDER BY key`,
      ),
    }
    this.writeRows = db.transaction((rows: Row[]) => {
      for (const row of rows) this.stmts.set.run(...row)
    })
  }

  /**
   * Commits the pending writes now. A commit costs far more than a row (~190 µs against ~17 µs here), so the
   * writes of concurrent requests share one; each set() still resolves only once its row is committed.
   */
  private flush(): void {
    const batch = this.pending
    if (!batch) return
    this.pending = undefined
    try {
      this.writeRows(batch.rows)
      batch.resolve()
    } catch (err) {
      batch.reject(err)
    }
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    // A write still waiting for its commit is what this key holds now; reading it does not force the commit,
    // so concurrent requests keep sharing one.
    const raw = this.pendingValue(key) ?? this.stmts.get.get(key)?.value
    return raw === undefined ? undefined : (JSON.parse(raw) as StoredData<Value>)
  }

  private pendingValue(key: string): string | undefined {
    const rows = this.pending?.rows
    if (!rows) return undefined
    for (let i = rows.length - 1; i >= 0; i--) if (rows[i][0] === key) return rows[i][1]
    return undefined
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const expires = typeof ttl === 'number' && ttl > 0 ? Date.now() + ttl : null
    if (!this.pending) {
      let resolve!: () => void
      let reject!: (err: unknown) => void
      const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
      this.pending = { rows: [], done, resolve, reject }
      setImmediate(() => this.flush())
    }
    const batch = this.pending
    // Serialised now: the caller may change its object once set() returns.
    batch.rows.push([key, JSON.stringify(value), expires])
    await batch.done
    return true
  }

  async delete(key: string): Promise<boolean> {
    this.flush()
    return this.stmts.delete.run(key).changes > 0
  }

  async clear(): Promise<void> {
    this.flush()
    if (this.namespace) this.stmts.clearPrefix.run(...prefixRange(`${this.namespace}:`))
    else this.stmts.clearAll.run()
  }

  async has(key: string): Promise<boolean> {
    return this.pendingValue(key) !== undefined || this.stmts.get.get(key) !== undefined
  }

  /** Keyv's iterator protocol: yields [key, {value, expires}] within the namespace. */
  async *iterator<Value>(namespace?: string): AsyncGenerator<Array<string | Awaited<Value> | undefined>, void> {
    this.flush()
    const prefix = namespace ? `${namespace}:` : ''
    for (const row of this.stmts.listPrefix.all(...prefixRange(prefix))) yield [row.key, JSON.parse(row.value) as Awaited<Value>]
  }

  on(): this {
    return this
  }

  async disconnect(): Promise<void> {}
}

type Row = [key: string, value: string, expires: number | null]

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
