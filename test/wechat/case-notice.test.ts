// Issue 24 on WeChat: a real Wechaty on wechaty-puppet-mock and the real app. A status event for a WeChat applicant
// is pushed to them once (NOTICE_QUIET_HOURS off); a 补正 is answered in the same chat and re-submitted, signed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src/app.js'
import { postEvent, signedEvent } from '../casework/support.js'
import { applicant, newSecret, sleep } from '../e2e/support.js'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js'
import { startMockWechat, type MockWechat } from './mock-wechat.js'

let wx: MockWechat
let app: App
let receiver: WebhookReceiver
let dataDir: string
const secret = newSecret()
const hookSecret = newSecret()

beforeAll(async () => {
  wx = await startMockWechat()
  receiver = await startWebhookReceiver(hookSecret)
  dataDir = mkdtempSync(join(tmpdir(), 'wechat-notice-'))
  app = createApp({
    env: {
      DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', OPENAI_API_KEY: '', WECHATY_PUPPET: '', WECHAT_ROOMS: '', WECHAT_ADMIN: '',
      CASE_STATUS_SECRET: secret, NOTICE_QUIET_HOURS: 'false',
      HANDOFF_WEBHOOK_URL: receiver.url, HANDOFF_WEBHOOK_SECRET: hookSecret, HANDOFF_RETRY_BASE_MS: '20',
    },
    wechaty: wx.bot,
    wechat: { burstMs: 20, sendPauseMs: 0 },
  })
  await app.start()
})

afterAll(async () => {
  await app?.stop()
  await receiver?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const body = (parts: string[]) => parts.map((p) => p.replace(/^\(\d+\/\d+\) /, '')).join('\n')

describe('case status on WeChat', () => {
  it('pushes a status event to the WeChat applicant once, and takes a 补正 in the chat', async () => {
    const worker = wx.addContact('申请人小周')
    const turn = async (text: string) => body(await wx.exchange(worker.id, () => worker.say(text).to(wx.me)))
    await turn('我想申请新业态工伤保险')
    await turn('同意')
    await turn('周小明')
    await turn('13800138000')
    await turn('11010519491231002X')
    await turn('送外卖')
    expect(await turn('美团')).toContain('确认')
    await turn('确认')
    const [application] = await app.applications.forUser(worker.id)
    expect(application).toMatchObject({ channel: 'wechat' })
    const id = application.id

    // 受理: pushed once, with the reference number, nothing asked of the worker.
    const before = wx.sentTo(worker.id).length
    const received = signedEvent(secret, { type: 'application.status', applicationId: id, status: 'received', at: new Date().toISOString(), caseNumber: 'NB-77' })
    expect((await postEvent(app.url, received)).body.outcome).toBe('accepted')
    const pushed = await wx.waitFor(worker.id, before + 1, 10_000)
    expect(pushed[before]).toContain(id)
    expect(pushed[before]).toContain('已受理')
    expect((await postEvent(app.url, received)).body.outcome).toBe('duplicate')
    await sleep(600)
    expect(wx.sentTo(worker.id).filter((t) => t.includes('已受理'))).toHaveLength(1)

    // 补正: the notice invites the reply here; the worker sends the new number; summary masked; 确认 re-submits.
    const needs = signedEvent(secret, {
      type: 'application.status', applicationId: id, status: 'needs_more', at: new Date(Date.now() + 1000).toISOString(),
      needs: [{ field: 'phone', reason: '无法接通' }],
    })
    expect((await postEvent(app.url, needs)).body.outcome).toBe('accepted')
    const notice = (await wx.waitFor(worker.id, before + 2, 10_000))[before + 1]
    expect(notice).toContain('在这里补正')
    const asked = await turn('好的')
    expect(asked).toContain('手机')
    const summary = await turn('13912345678')
    expect(summary).toContain('139****5678')
    expect(summary).not.toContain('13912345678')
    expect(await turn('确认')).toContain('已重新提交')
    await receiver.waitFor((d) => d.some((x) => x.payload?.type === 'application.resubmitted'))
    const again = receiver.deliveries.find((d) => d.payload?.type === 'application.resubmitted')!
    expect(again.verified).toBe(true)
    expect(again.payload).toMatchObject({ id, changed: ['phone'], fields: { phone: '13912345678', idNumber: '11010519491231002X' } })
    expect(wx.sentTo(worker.id).join('\n')).not.toContain('13912345678')
  })
})
