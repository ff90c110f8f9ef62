import { mkdtempSync } from 'node:fs'
import { openDatabase } from '../src/storage/sqlite.js'
import { sqliteKeyv } from '../src/storage/keyv-sqlite-store.js'
import { createKeyvSessionStore } from '../src/conversation/session-store.js'
import { newSession } from '../src/conversation/session.js'
const db = openDatabase(mkdtempSync('/tmp/mbench/kv-'))
const { keyv, store } = sqliteKeyv(db, 'sessions')
const sessions = createKeyvSessionStore(keyv as any, 86400000)
const s = newSession('u', 'api', new Date().toISOString())
console.log(JSON.stringify(s).length, JSON.stringify(s).slice(0, 300))
const N = 5000
let t = performance.now()
for (let i = 0; i < N; i++) await sessions.set('k' + i, s)
console.log('session set µs', ((performance.now() - t) / N * 1000).toFixed(1))
t = performance.now()
for (let i = 0; i < N; i++) await sessions.get('k' + i)
console.log('session get µs', ((performance.now() - t) / N * 1000).toFixed(1))
t = performance.now()
for (let i = 0; i < N; i++) await store.set('sessions:r' + i, JSON.stringify({ value: s, expires: 1 }), 1000)
console.log('raw store set µs', ((performance.now() - t) / N * 1000).toFixed(1))
const stmt = db.prepare('INSERT INTO keyv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires')
t = performance.now()
const v = JSON.stringify(s)
db.transaction(() => { for (let i = 0; i < N; i++) stmt.run('x' + i, v, 1) })()
console.log('batched raw set µs', ((performance.now() - t) / N * 1000).toFixed(1))
