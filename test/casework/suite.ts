// Issue 24: the office's signed status events on the real server, for either store (case-status.test.ts: SQLite;
// test/redis/case-status.test.ts: Redis).
import { afterAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { applicant, applyThroughChat, chat, newSecret } from '../e2e/support.js'
import { postEvent, signedEvent } from './support.js'

export function caseStatusSuite(name: string, env: () => Record<string, string>) {
  const open: TestApp[] = []
  afterAll(async () => {
    for (const x of open.reverse()) await x.close()
  })

  describe(name, () => {
    it('answers 404 when CASE_STATUS_SECRET is unset, even with API_TOKEN set', async () => {
      const t = await startTestApp({ ...env(), API_TOKEN: 'tok' })
      open.push(t)
      const e = signedEvent(newSecret(), { type: 'application.status' })
      expect((await postEvent(t.app.url, e)).status).toBe(404)
    })

    it('verifies, stores, deduplicates, keeps stale events, and tells an api worker once', async () => {
      const secret = newSecret()
      const t = await startTestApp({ ...env(), CASE_STATUS_SECRET: secret, API_TOKEN: 'tok' })
      open.push(t)
      const auth = { authorization: 'Bearer tok' }
      const worker = applicant(21, `cs${name}`)
      const { applicationId } = await applyThroughChat(t.app.url, worker, 'work_injury_insurance', auth)
      const at = (m: number) => new Date(Date.UTC(2026, 0, 5, 2, m)).toISOString()

      // Signatures: none, wrong secret, stale timestamp -> 401, nothing changes.
      const body = { type: 'application.status', applicationId, status: 'received', at: at(0), caseNumber: 'NB-001' }
      const good = signedEvent(secret, body)
      expect((await postEvent(t.app.url, { ...good, headers: { ...good.headers, 'webhook-signature': 'v1,AAAA' } })).status).toBe(401)
      expect((await postEvent(t.app.url, signedEvent(newSecret(), body))).status).toBe(401)
      expect((await postEvent(t.app.url, signedEvent(secret, body, { at: new Date(Date.now() - 10 * 60_000) }))).status).toBe(401)
      // Bad bodies -> 400; an unknown application -> 404.
      expect((await postEvent(t.app.url, signedEvent(secret, {}, { raw: '{not json' }))).status).toBe(400)
      expect((await postEvent(t.app.url, signedEvent(secret, { ...body, status: 'lost' }))).body.error).toMatch(/^status:/)
      expect((await postEvent(t.app.url, signedEvent(secret, { ...body, applicationId: 'ZZZZZZZZZ' }))).status).toBe(404)
      expect((await t.get(`/api/applications/${applicationId}`, auth)).body).toMatchObject({ caseStatus: null, history: [] })

      // Accepted, then the same webhook-id again: 200, nothing new.
      expect(await postEvent(t.app.url, good)).toMatchObject({ status: 200, body: { outcome: 'accepted' } })
      expect(await postEvent(t.app.url, good)).toMatchObject({ status: 200, body: { outcome: 'duplicate' } })
      // Approved at :10, then a received sent at :05 arrives late: kept in history, notifies no one.
      const approved = signedEvent(secret, { ...body, status: 'approved', at: at(10), message: '请留意短信' })
      expect((await postEvent(t.app.url, approved)).body.outcome).toBe('accepted')
      const late = signedEvent(secret, { ...body, status: 'needs_more', at: at(5), needs: [{ field: 'idNumber', reason: '看不清' }] })
      expect((await postEvent(t.app.url, late)).body.outcome).toBe('stale')

      const view = (await t.get(`/api/applications/${applicationId}`, auth)).body
      expect(view.caseStatus).toBe('approved')
      expect(view.history.map((h: { status: string }) => h.status)).toEqual(['received', 'needs_more', 'approved'])
      expect(view.history[2]).toMatchObject({ at: at(10), message: '请留意短信' })

      // The api worker's next message carries both notices (received, approved), first, once.
      const next = await chat(t.app.url, worker.userId, '你好', auth)
      expect(next.replies.length).toBeGreaterThanOrEqual(3)
      expect(next.replies[0]).toContain(applicationId)
      expect(next.replies[0]).toContain('已受理')
      expect(next.replies[1]).toContain('审核通过')
      expect(next.replies.join('\n')).not.toContain('补正')
      const again = await chat(t.app.url, worker.userId, '你好', auth)
      expect(again.replies.join('\n')).not.toContain(applicationId)

      // 查询进度 shows the status and history; a stranger sees nothing of it.
      const progress = await chat(t.app.url, worker.userId, '查询进度', auth)
      expect(progress.replies.join('\n')).toMatch(new RegExp(`${applicationId}[\\s\\S]*审核通过`))
      const stranger = await chat(t.app.url, `${worker.userId}-x`, '查询进度', auth)
      expect(stranger.replies.join('\n')).not.toContain(applicationId)
    })
  })
}


