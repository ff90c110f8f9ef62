// The topic store on the real SQLite store: topics written behind the reply and coalesced, read back at once,
// deleted with the user's data, and (with several instances) read from the store, where another may have moved on.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Topic } from '../../src/answer/follow-up.js'
import { createTopicStore } from '../../src/conversation/topic-store.js'
import { sqliteKeyv } from '../../src/storage/keyv-sqlite-store.js'
import { openDatabase } from '../../src/storage/sqlite.js'

const dir = mkdtempSync(join(tmpdir(), 'topics-'))
const db = openDatabase(dir)
afterAll(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const topic = (question: string): Topic => ({ question, what: [], at: new Date().toISOString() })

describe('the topic store', () => {
  it('reads a topic at once, writes it behind, one write per conversation per flush', async () => {
    const keyv = sqliteKeyv<Topic>(db, 'topics-a').keyv
    let writes = 0
    const counted = new Proxy(keyv, { get: (target, prop) => (prop === 'set' ? (...args: Parameters<typeof keyv.set>) => (writes++, target.set(...args)) : Reflect.get(target, prop)) })
    const store = createTopicStore(counted, { ttlMs: 60_000, flushMs: 50 })
    store.set('c1', topic('一'))
    store.set('c1', topic('二'))
    store.set('c2', topic('三'))
    expect((await store.get('c1'))?.question).toBe('二')
    expect(await keyv.get('c1')).toBeUndefined() // not yet written
    await new Promise((r) => setTimeout(r, 120))
    expect(writes).toBe(2)
    expect((await keyv.get('c1'))?.question).toBe('二')
    await store.delete('c1')
    expect(await store.get('c1')).toBeUndefined()
    expect(await keyv.get('c1')).toBeUndefined()
    await store.close()
  })

  it('with several instances, reads what another wrote; as the sole writer, remembers its own and skips the store', async () => {
    const keyv = sqliteKeyv<Topic>(db, 'topics-b').keyv
    const a = createTopicStore(keyv, { ttlMs: 60_000 })
    const b = createTopicStore(keyv, { ttlMs: 60_000 })
    a.set('c', topic('甲'))
    await a.flush()
    expect((await b.get('c'))?.question).toBe('甲')
    b.set('c', topic('乙'))
    await b.flush()
    expect((await a.get('c'))?.question).toBe('乙') // the store, not a stale memory

    let clock = 0
    const sole = createTopicStore(keyv, { ttlMs: 1000, soleWriter: true, now: () => clock })
    expect((await sole.get('c'))?.question).toBe('乙') // within a TTL of start-up: an earlier run's topic
    clock = 2000
    expect(await sole.get('c')).toBeUndefined() // later, nothing it does not remember is live
    sole.set('d', topic('丙'))
    await sole.flush()
    expect((await sole.get('d'))?.question).toBe('丙')
    await Promise.all([a.close(), b.close(), sole.close()])
  })
})
