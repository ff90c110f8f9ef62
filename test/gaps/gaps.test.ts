import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { createGapLog, gapKey } from '../../src/conversation/gaps.js'
import { registerGapsRoute } from '../../src/channels/http/gaps-route.js'
import { openDatabase } from '../../src/storage/sqlite.js'
import { sqliteKeyv } from '../../src/storage/keyv-sqlite-store.js'

const dir = mkdtempSync(join(tmpdir(), 'gaps-'))
const db = openDatabase(dir)
let namespace = 0

function freshLog(options: Parameters<typeof createGapLog>[1] = {}) {
  const { keyv } = sqliteKeyv(db, `gaps${namespace++}`)
  return createGapLog(keyv, options)
}

afterAll(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('gap log', () => {
  let clock = Date.parse('2026-11-28T10:00:00Z')
  const now = () => new Date((clock += 1000))
  beforeEach(() => {
    clock = Date.parse('2026-11-28T10:00:00Z')
  })

  it('groups wordings that differ only in width, case, spaces and punctuation', async () => {
    const gaps = freshLog({ now })
    await gaps.record({ question: '上海的社保缴费基数是多少？', reason: 'out_of_scope', channel: 'wechat' })
    await gaps.record({ question: ' 上海的社保缴费基数是多少? ', reason: 'out_of_scope', channel: 'api' })
    await gaps.record({ question: '上海的社保缴费基数 是多少!!', reason: 'low_confidence', channel: 'wechat', confidence: 0.2 })
    const list = await gaps.list({ limit: 10 })
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({
      question: '上海的社保缴费基数是多少?',
      example: '上海的社保缴费基数 是多少!!',
      count: 3,
      reason: 'partial', // the contract's names: out_of_scope is unanswered, low_confidence partial
      channels: ['wechat', 'api'],
      confidence: 0.2,
      firstAskedAt: '2026-11-28T10:00:01.000Z',
      lastAskedAt: '2026-11-28T10:00:03.000Z',
      reasons: {
        unanswered: { count: 2, firstAskedAt: '2026-11-28T10:00:01.000Z', lastAskedAt: '2026-11-28T10:00:02.000Z' },
        partial: { count: 1, firstAskedAt: '2026-11-28T10:00:03.000Z', lastAskedAt: '2026-11-28T10:00:03.000Z' },
      },
    })
    expect(gapKey('ＡＢＣ，ｄ')).toBe(gapKey('abc d'))
  })

  it('lists newest first and honours the limit', async () => {
    const gaps = freshLog({ now })
    await gaps.record({ question: '明天会下雨吗', reason: 'out_of_scope', channel: 'wechat' })
    await gaps.record({ question: '给我讲个笑话', reason: 'out_of_scope', channel: 'console' })
    await gaps.record({ question: '明天会下雨吗？', reason: 'out_of_scope', channel: 'wechat' })
    const all = await gaps.list({ limit: 10 })
    expect(all.map((g) => [g.question, g.count])).toEqual([
      ['明天会下雨吗', 2],
      ['给我讲个笑话', 1],
    ])
    expect(all[0].example).toBe('明天会下雨吗？') // the latest wording as typed, full-width mark kept
    expect(await gaps.list({ limit: 1 })).toHaveLength(1)
  })

  it('masks ID and phone numbers before anything is stored', async () => {
    const gaps = freshLog({ now })
    await gaps.record({ question: '我的身份证11010519491231002X，电话13800138000，能查吗', reason: 'out_of_scope', channel: 'api' })
    const [gap] = await gaps.list()
    expect(gap.question).toContain('110***********002X')
    expect(gap.question).toContain('138****8000')
    const raw = db.prepare('SELECT value FROM keyv').all() as Array<{ value: string }>
    expect(raw.some((r) => r.value.includes('13800138000') || r.value.includes('11010519491231002X'))).toBe(false)
  })

  it('counts every one of many concurrent records of the same question', async () => {
    const gaps = freshLog()
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        gaps.record({ question: i % 2 ? '公积金怎么取？' : '公积金怎么取', reason: 'out_of_scope', channel: 'api' }),
      ),
    )
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => gaps.record({ question: `问题${i}`, reason: 'low_confidence', channel: 'api' })),
    )
    const list = await gaps.list({ limit: 100 })
    expect(list).toHaveLength(11)
    expect(list.find((g) => g.question.startsWith('公积金'))?.count).toBe(40)
  })

  it('keeps at most maxQuestions distinct questions, dropping the least recently asked', async () => {
    const gaps = freshLog({ now, maxQuestions: 3 })
    for (const q of ['一', '二', '三']) await gaps.record({ question: `问题${q}`, reason: 'out_of_scope', channel: 'api' })
    await gaps.record({ question: '问题一', reason: 'out_of_scope', channel: 'api' }) // 一 is now the newest
    await gaps.record({ question: '问题四', reason: 'out_of_scope', channel: 'api' })
    const list = await gaps.list({ limit: 10 })
    expect(list.map((g) => g.question)).toEqual(['问题四', '问题一', '问题三'])
    expect(list[1].count).toBe(2)
  })

  it('ignores questions that are only punctuation, and clears', async () => {
    const gaps = freshLog({ now })
    await gaps.record({ question: '？？ ', reason: 'out_of_scope', channel: 'api' })
    expect(await gaps.list()).toEqual([])
    await gaps.record({ question: '问题', reason: 'out_of_scope', channel: 'api' })
    await gaps.clear()
    expect(await gaps.list()).toEqual([])
  })
})

describe('GET /api/gaps', () => {
  it('returns the grouped gaps and rejects a bad limit', async () => {
    let clock = Date.parse('2026-11-28T10:00:00Z')
    const gaps = freshLog({ now: () => new Date((clock += 1000)) })
    await gaps.record({ question: '明天会下雨吗', reason: 'out_of_scope', channel: 'wechat' })
    await gaps.record({ question: '给我讲个笑话', reason: 'out_of_scope', channel: 'api' })
    const app = Fastify()
    registerGapsRoute(app, { gaps })
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
      const ok = await fetch(`${base}/api/gaps?limit=1`)
      expect(ok.status).toBe(200)
      const body = (await ok.json()) as { gaps: Array<{ question: string; count: number }> }
      expect(body.gaps).toHaveLength(1)
      expect(body.gaps[0]).toMatchObject({ question: '给我讲个笑话', count: 1 })
      expect(((await (await fetch(`${base}/api/gaps`)).json()) as { gaps: unknown[] }).gaps).toHaveLength(2)
      for (const bad of ['0', 'abc', '1.5', '100000']) {
        const res = await fetch(`${base}/api/gaps?limit=${bad}`)
        expect(res.status).toBe(400)
        expect(((await res.json()) as { error: string }).error).toMatch(/limit/)
      }
    } finally {
      await app.close()
    }
  })
})

describe('POST /api/gaps', () => {
  it('records a flag (201) with its note masked, counted per reason beside the unanswered asks', async () => {
    let clock = Date.parse('2026-11-28T10:00:00Z')
    const gaps = freshLog({ now: () => new Date((clock += 1000)) })
    await gaps.record({ question: '保费多少', reason: 'partial', channel: 'api' })
    const app = Fastify()
    registerGapsRoute(app, { gaps })
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
      const post = (body: unknown) =>
        fetch(`${base}/api/gaps`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-channel': 'console' }, body: JSON.stringify(body) })
      const res = await post({ question: '保费多少？', answer: '文件没有写…', note: '来电人 13800138000 说没答到保费' })
      expect(res.status).toBe(201)
      const flaggedOnly = await post({ question: '我身份证110105194912310021能办吗' })
      expect(flaggedOnly.status).toBe(201)
      for (const bad of [{}, { question: '' }, { question: 1 }, { question: 'x', reason: 'other' }]) {
        const r = await post(bad)
        expect(r.status).toBe(400)
        expect(((await r.json()) as { error: string }).error).toMatch(/question|reason/)
      }
      const { gaps: list } = (await (await fetch(`${base}/api/gaps`)).json()) as { gaps: Array<Record<string, unknown>> }
      const fee = list.find((g) => g.question === '保费多少')!
      expect(fee).toMatchObject({ count: 2, reason: 'flagged', channels: ['api', 'console'] })
      expect(fee.reasons).toMatchObject({ partial: { count: 1 }, flagged: { count: 1 } })
      expect(fee.notes).toEqual(['来电人 138****8000 说没答到保费'])
      const text = JSON.stringify(list)
      expect(text).not.toContain('13800138000')
      expect(text).not.toContain('110105194912310021')
    } finally {
      await app.close()
    }
  })
})
