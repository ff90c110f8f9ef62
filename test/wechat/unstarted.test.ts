// createApp({ wechaty }) with a Wechaty that was built but never started: the channel starts it, and the bot
// answers once the account logs in (CONTRACT.md "Embedding").
import type { EventEmitter } from 'node:events'
import { WechatyBuilder } from 'wechaty'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { afterAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'

let t: TestApp | undefined

afterAll(async () => {
  await t?.close()
})

describe('WeChat on a Wechaty that was not started', () => {
  it('starts it and answers a 1:1 question after login', async () => {
    const mocker = new mock.Mocker()
    const bot = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) })
    t = await startTestApp({}, { wechaty: bot, wechat: { burstMs: 20, sendPauseMs: 0 } })
    const me = mocker.createContact({ name: '政策助手' })
    mocker.login(me)
    const worker = mocker.createContact({ name: '骑手小张' })
    const replies: string[] = []
    ;(worker as unknown as EventEmitter).on('message', (m: { payload: { talkerId?: string; text?: string } }) => {
      if (m.payload.talkerId === me.id) replies.push(m.payload.text ?? '')
    })
    worker.say('送外卖的能交工伤保险吗').to(me)
    const deadline = Date.now() + 10_000
    while (replies.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(replies.join('\n')).toContain('工伤保险')
    expect(replies.join('\n')).toContain('来源')
  })
})
