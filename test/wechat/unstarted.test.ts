// createApp({ wechaty }) with a Wechaty that was built but never started: the channel starts it, and the bot
// answers once the account logs in, and goes on answering (CONTRACT.md "Embedding"). Starting it must not read
// as a puppet error: that scheduled a restart, which logged the account out after restartBaseMs.
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
  it('starts it and answers 1:1 questions after login, then and later', async () => {
    const mocker = new mock.Mocker()
    const bot = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) })
    const restartBaseMs = 100
    t = await startTestApp({}, { wechaty: bot, wechat: { burstMs: 20, sendPauseMs: 0, restartBaseMs } })
    const me = mocker.createContact({ name: '政策助手' })
    mocker.login(me)
    const worker = mocker.createContact({ name: '骑手小张' })
    const replies: string[] = []
    ;(worker as unknown as EventEmitter).on('message', (m: { payload: { talkerId?: string; text?: string } }) => {
      if (m.payload.talkerId === me.id) replies.push(m.payload.text ?? '')
    })
    const answerTo = async (question: string) => {
      const before = replies.length
      worker.say(question).to(me)
      const deadline = Date.now() + 10_000
      while (replies.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      return replies.slice(before).join('\n')
    }
    const first = await answerTo('送外卖的能交工伤保险吗')
    expect(first).toContain('工伤保险')
    expect(first).toContain('来源')
    await new Promise((r) => setTimeout(r, restartBaseMs * 4)) // past any restart the start could have set off
    expect(bot.isLoggedIn).toBe(true)
    expect(await answerTo('灵活就业人员社保补贴有多少')).toContain('来源')
  })
})
