import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ScanStatus, types } from 'wechaty'
import { createWechatChannel, type WechatChannel } from '../../src/channels/wechat/channel.js'
import type { ConversationEngine } from '../../src/conversation/types.js'
import { createLogger } from '../../src/logger.js'
import { startMockWechat, type MockWechat } from './mock-wechat.js'

const engine: ConversationEngine = {
  async handle(message) {
    return { replies: [`收到：${message.text}`], awaiting: null, form: null, applicationId: null }
  },
}

let wx: MockWechat
let channel: WechatChannel
const qrCodes: string[] = []
const logLines: string[] = []

beforeAll(async () => {
  wx = await startMockWechat()
  const logger = createLogger('info', { write: (line: string) => void logLines.push(line) })
  channel = createWechatChannel({
    wechaty: wx.bot,
    engine,
    logger,
    printQr: (qr) => qrCodes.push(qr),
    // No transcription endpoint, and groups limited to one that is not the test's.
    config: { admin: '工会老李', restartBaseMs: 20, burstMs: 10, sendPauseMs: 0, rooms: ['另一个群'] },
  })
  await channel.start()
})

afterAll(async () => {
  await channel?.stop()
})

describe('wechat lifecycle', () => {
  it('prints the QR code and logs its URL while waiting for a scan', async () => {
    wx.mocker.puppet.emit('scan', { qrcode: 'https://login.weixin.qq.com/l/abc', status: ScanStatus.Waiting })
    await new Promise((r) => setTimeout(r, 50))
    expect(qrCodes).toEqual(['https://login.weixin.qq.com/l/abc'])
    expect(logLines.join('\n')).toContain('https://wechaty.js.org/qrcode/https%3A%2F%2Flogin.weixin.qq.com%2Fl%2Fabc')
  })

  it('alerts WECHAT_ADMIN on a puppet error, restarts, and answers again after the new login', async () => {
    let starts = 0
    wx.bot.on('start', () => void starts++)
    wx.mocker.puppet.emit('error', { data: 'puppet crashed' })
    const [alert] = await wx.waitFor(wx.staff.id, 1)
    expect(alert).toContain('puppet crashed')
    const deadline = Date.now() + 5000
    while (starts === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    expect(starts).toBe(1)
    wx.mocker.login(wx.me)
    await new Promise((r) => setTimeout(r, 50))
    wx.worker.say('重启后还在吗').to(wx.me)
    const [reply] = await wx.waitFor(wx.worker.id, 1)
    expect(reply).toBe('收到：重启后还在吗')
    expect(logLines.join('\n')).toContain('restarting the channel')
  })
})

describe('wechat channel settings', () => {
  it('asks the user to type when no transcription endpoint is configured', async () => {
    const parts = await wx.exchange(wx.worker.id, () =>
      wx.emitFile({ id: 'voice-x', talkerId: wx.worker.id, type: types.Message.Audio, name: 'v.silk', data: Buffer.from('v') }),
    )
    expect(parts).toHaveLength(1)
    expect(parts[0]).toContain('打成文字')
  })

  it('stays silent in a group outside WECHAT_ROOMS, even when @-mentioned', async () => {
    expect(await wx.silence(wx.room.id, () => wx.worker.say('@政策助手\u2005能交工伤吗', [wx.me]).to(wx.room))).toEqual([])
  })
})
