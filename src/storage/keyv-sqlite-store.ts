// A Keyv store on the shared better-sqlite3 connection, so sessions, applications and the outbox live in one
// file with one native driver (@keyv/sqlite would bring a second driver, sqlite3, onto the same file).
// Keyv hands us serialised strings; we keep an `expires` column so expired rows can be purged on a schedule.
import type { KeyvStoreAdapter, StoredData } from 'keyv'
import Keyv from 'keyv'
import type { Db } from './sqlite.js'

export class KeyvSqliteStore implements KeyvStoreAdapter {
  // Keyv reads opts.dialect/opts.url to decide whether the store can iterate (for listing a namespace).
  opts: Record<string, unknown> = { dialect: 'sqlite', url: 'sqlite://shared' }
  namespace?: string
  private readonly stmts

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
      purge: db.prepare(`DELETE FROM ${table} WHERE expires IS NOT NULL AND expires < ?`),
    }
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return this.stmts.get.get(key)?.value as StoredData<Value> | undefined
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const expires = typeof ttl === 'number' && ttl > 0 ? Date.now() + ttl : null
    this.stmts.set.run(key, String(value), expires)
    return true
  }

  async delete(key: string): Promise<boolean> {
    return this.stmts.delete.run(key).changes > 0
  }

  async clear(): Promise<void> {
    if (this.namespace) this.stmts.clearPrefix.run(...prefixRange(`${this.namespace}:`))
    else this.stmts.clearAll.run()
  }

  async has(key: string): Promise<boolean> {
    return this.stmts.get.get(key) !== undefined
  }

  /** Keyv's iterator protocol: yields [key, serialisedValue] within the namespace. */
  async *iterator(namespace?: string): AsyncGenerator<[string, string]> {
    const prefix = namespace ? `${namespace}:` : ''
    for (const row of this.stmts.listPrefix.all(...prefixRange(prefix))) yield [row.key, row.value]
  }

  /** Deletes expired rows (SQLite never does it itself). Returns how many went. */
  purgeExpired(now = Date.now()): number {
    return this.stmts.purge.run(now).changes
  }

  on(): this {
    return this
  }

  async disconnect(): Promise<void> {}
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
  return { keyv: new Keyv<T>({ store, namespace, throwOnErrors: true }), store }
}
