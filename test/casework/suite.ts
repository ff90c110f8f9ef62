// Issue 24: the office's signed status events on the real server, for either store (case-status.test.ts: SQLite;
// test/redis/case-status.test.ts: Redis).
import { afterAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { applicant, applyThroughChat, chat, newSecret } from '../e2e/support.js'
import { startWebhookReceiver } from '../helpers/webhook-receiver.js'
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

    it('finds applications by reference, phone or its last 4 digits (?q=), masked, behind API_TOKEN', async () => {
      const t = await startTestApp({ ...env(), API_TOKEN: 'tok' })
      open.push(t)
      const auth = { authorization: 'Bearer tok' }
      const one = applicant(31, `q${name}`)
      const two = applicant(32, `q${name}`)
      const { applicationId: first } = await applyThroughChat(t.app.url, one, 'work_injury_insurance', auth)
      const { applicationId: second } = await applyThroughChat(t.app.url, two, 'union_membership', auth)
      const find = async (q: string) => t.get(`/api/applications?q=${encodeURIComponent(q)}`, auth)
      const ids = async (q: string) => ((await find(q)).body.applications as Array<{ id: string }>).map((a) => a.id)

      expect(await ids(first)).toEqual([first])
      expect(await ids(`${first.slice(0, 4).toLowerCase()}-${first.slice(4).toLowerCase()}`)).toEqual([first])
      expect(await ids(one.phone)).toEqual([first])
      expect(await ids(`+86 ${two.phone.slice(0, 3)}-${two.phone.slice(3, 7)}-${two.phone.slice(7)}`)).toEqual([second])
      expect(await ids(two.phone.slice(-4))).toEqual([second])
      expect(await ids('0000')).toEqual([])
      expect(await ids('张三')).toEqual([])
      const answer = await find(one.phone)
      expect(answer.status).toBe(200)
      const text = JSON.stringify(answer.body)
      expect(text).not.toContain(one.phone)
      expect(text).not.toContain(one.idNumber)
      expect(answer.body.applications[0]).toMatchObject({ caseStatus: null, history: [], fields: { phone: `${one.phone.slice(0, 3)}****${one.phone.slice(-4)}` } })
      expect((await t.get(`/api/applications?q=${one.phone}`)).status).toBe(401)
      expect((await find('')).status).toBe(400)
    })

    it('补正: the listed field is collected again in chat, re-submitted signed with a new webhook-id; 取消 leaves it', async () => {
      const secret = newSecret()
      const hookSecret = newSecret()
      const receiver = await startWebhookReceiver(hookSecret)
      const t = await startTestApp({
        ...env(), CASE_STATUS_SECRET: secret, HANDOFF_WEBHOOK_URL: receiver.url, HANDOFF_WEBHOOK_SECRET: hookSecret, HANDOFF_RETRY_BASE_MS: '20',
      })
      open.push(t)
      try {
        const worker = applicant(23, `amend${name}`)
        const other = applicant(24)
        const { applicationId } = await applyThroughChat(t.app.url, worker, 'work_injury_insurance')
        await receiver.waitFor((d) => d.some((x) => x.payload?.type === 'application.submitted'))
        const at = (m: number) => new Date(Date.UTC(2026, 0, 6, 2, m)).toISOString()
        const needsMore = {
          type: 'application.status', applicationId, status: 'needs_more', at: at(0), message: '劳动合同复印件请交到海曙区人社局二楼窗口',
          needs: [{ field: 'idNumber', reason: '号码有误' }, { document: '劳动合同复印件', reason: '缺少' }],
        }
        expect((await postEvent(t.app.url, signedEvent(secret, needsMore))).body.outcome).toBe('accepted')

        // The notice comes first and invites the reply here; the field is asked for; the documents go where the office says.
        const opened = await chat(t.app.url, worker.userId, '好的')
        const text = opened.replies.join('\n')
        expect(opened.replies[0]).toContain('需要补正')
        expect(opened.replies[0]).toContain('在这里补正')
        expect(text).toContain('海曙区人社局二楼窗口')
        expect(text).toContain('再次发送给经办部门')
        expect(opened).toMatchObject({ form: 'work_injury_insurance', awaiting: 'idNumber' })

        // A bad number is refused by the form's validator; a good one gives the summary, masked.
        expect((await chat(t.app.url, worker.userId, '123')).awaiting).toBe('idNumber')
        const summary = await chat(t.app.url, worker.userId, other.idTyped)
        expect(summary.awaiting).toBe('confirm')
        expect(summary.replies.join('\n')).not.toContain(other.idNumber)
        expect(summary.replies.join('\n')).toContain(other.idNumber.slice(-4))

        const done = await chat(t.app.url, worker.userId, '确认')
        expect(done).toMatchObject({ applicationId, form: null, awaiting: null })
        await receiver.waitFor((d) => d.some((x) => x.payload?.type === 'application.resubmitted'))
        const first = receiver.deliveries.find((d) => d.payload?.type === 'application.submitted')!
        const again = receiver.deliveries.find((d) => d.payload?.type === 'application.resubmitted')!
        expect(again.verified).toBe(true)
        expect(again.id).not.toBe(first.id)
        expect(Object.keys(again.payload!).sort()).toEqual(['changed', 'fields', 'id', 'resubmittedAt', 'type'])
        expect(again.payload).toMatchObject({ id: applicationId, changed: ['idNumber'] })
        const fields = again.payload!.fields as Record<string, unknown>
        expect(fields).toMatchObject({ idNumber: other.idNumber, phone: worker.phone, name: worker.name, consent: true })

        // The re-submission is not a second application anywhere the worker or staff look.
        const progress = (await chat(t.app.url, worker.userId, '查询进度')).replies.join('\n')
        expect(progress.match(/编号|· A/g)?.length).toBe(1)
        expect(progress).not.toMatch(/-R/)
        const list = (await t.get('/api/applications')).body as { applications?: Array<{ id: string }> }
        expect(JSON.stringify(list)).not.toMatch(new RegExp(`${applicationId}-R`))

        // A later 补正 answered straight away with the value: the summary at once, on the same turn as the notice.
        const third = { ...needsMore, at: at(5), needs: [{ field: 'phone', reason: '打不通' }] }
        expect((await postEvent(t.app.url, signedEvent(secret, third))).body.outcome).toBe('accepted')
        const direct = await chat(t.app.url, worker.userId, `新号码 ${other.phoneTyped}`)
        expect(direct.replies[0]).toContain('需要补正')
        expect(direct.awaiting).toBe('confirm')
        expect(direct.replies.join('\n')).not.toContain(other.phone)
        expect((await chat(t.app.url, worker.userId, '确认')).applicationId).toBe(applicationId)
        await receiver.waitFor((d) => d.filter((x) => x.payload?.type === 'application.resubmitted').length === 2)
        const both = receiver.deliveries.filter((d) => d.payload?.type === 'application.resubmitted')
        expect(new Set(both.map((d) => d.id)).size).toBe(2)
        expect(both[1].payload).toMatchObject({ changed: ['phone'], fields: { phone: other.phone, idNumber: other.idNumber } })

        // A second 补正, answered with 取消: nothing is sent, and the worker is told the application stays as it was.
        const second = { ...needsMore, at: at(10), needs: [{ field: 'phone', reason: '打不通' }] }
        expect((await postEvent(t.app.url, signedEvent(secret, second))).body.outcome).toBe('accepted')
        expect((await chat(t.app.url, worker.userId, '收到')).awaiting).toBe('phone')
        const cancelled = await chat(t.app.url, worker.userId, '取消')
        expect(cancelled.replies.join('\n')).toContain('保持原样')
        expect(cancelled).toMatchObject({ form: null, awaiting: null })
        expect((await chat(t.app.url, worker.userId, '你好')).awaiting).toBeNull()
        expect(receiver.deliveries.filter((d) => d.payload?.type === 'application.resubmitted')).toHaveLength(2)
      } finally {
        await receiver.close()
      }
    })
  })
}


