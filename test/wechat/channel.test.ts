import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { types } from 'wechaty'
import { createWechatChannel, type WechatChannel } from '../../src/channels/wechat/channel.js'
import type { ConversationEngine, InboundMessage } from '../../src/conversation/types.js'
import { createLogger } from '../../src/logger.js'
import { startStubTranscribe, type StubTranscribe } from '../helpers/stub-transcribe.js'
import { chatHistoryXml } from './fixtures.js'
import { BOT_NAME, startMockWechat, type MockWechat } from './mock-wechat.js'

// TEMPORARY in-test engine until createApp exists.
const seen: InboundMessage[] = []
const engine: ConversationEngine = {
  async handle(message) {
    seen.push(message)
    const text = message.text.includes('长') ? Array.from({ length: 30 }, (_, i) => `第${i + 1}句说明。`.repeat(3)).join('\n\n') : `答：${message.text}\n\n来源：3.1`
    return { replies: [text], awaiting: null, form: null, applicationId: null }
  },
}

let wx: MockWechat
let channel: WechatChannel
let stt: StubTranscribe

beforeAll(async () => {
  wx = await startMockWechat()
  stt = await startStubTranscribe('送外卖能交工伤保险吗')
  channel = createWechatChannel({
    wechaty: wx.bot,
    engine,
    logger: createLogger('silent'),
    config: { burstMs: 30, sendPauseMs: 0, splitChars: 100, transcribe: { baseUrl: stt.baseUrl, apiKey: 'k', model: 'whisper-1', timeoutMs: 2000 } },
  })
  await channel.start()
})

afterAll(async () => {
  await channel?.stop()
  await stt?.close()
})

const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms))

describe('wechat channel on the mock puppet', () => {
  it('answers a 1:1 question with its source', async () => {
    wx.worker.say('送外卖能交工伤保险吗').to(wx.me)
    const [reply] = await wx.waitFor(wx.worker.id, 1)
    expect(reply).toContain('来源')
  })

  it('ignores a group message without a mention and answers one with, mentioning the asker', async () => {
    const before = wx.sentTo(wx.room.id).length
    wx.worker.say('今天天气不错，补贴什么时候发').to(wx.room)
    await settle()
    expect(wx.sentTo(wx.room.id).length).toBe(before)
    wx.worker.say(`@${BOT_NAME}\u2005能交工伤吗`, [wx.me]).to(wx.room)
    const replies = await wx.waitFor(wx.room.id, before + 1)
    expect(replies[before]).toMatch(/^@骑手小王/)
    const last = seen[seen.length - 1]
    expect(last).toMatchObject({ inGroup: true, conversationId: `${wx.room.id}:${wx.worker.id}`, text: '能交工伤吗' })
  })

  it('ignores @所有人 even when the puppet lists the bot', async () => {
    const before = wx.sentTo(wx.room.id).length
    wx.staff.say('@所有人\u2005明天下午开会', [wx.me]).to(wx.room)
    await settle()
    expect(wx.sentTo(wx.room.id).length).toBe(before)
  })

  it('answers a voice message through the transcription endpoint', async () => {
    const before = wx.sentTo(wx.worker.id).length
    wx.emitFile({ id: 'voice-1', talkerId: wx.worker.id, type: types.Message.Audio, name: 'voice.mp3', data: Buffer.from('fake audio') })
    const replies = await wx.waitFor(wx.worker.id, before + 1)
    expect(replies[before]).toMatch(/^🎤 听到：送外卖能交工伤保险吗/)
    expect(stt.requests[0].authorization).toBe('Bearer k')
    expect(stt.requests[0].body).toContain('whisper-1')
    expect(stt.requests[0].fileBytes).toBe(10)
  })

  it('answers an image politely', async () => {
    const before = wx.sentTo(wx.worker.id).length
    wx.emitFile({ id: 'image-1', talkerId: wx.worker.id, type: types.Message.Image, name: 'a.jpg', data: Buffer.from('x') })
    const replies = await wx.waitFor(wx.worker.id, before + 1)
    expect(replies[before]).toContain('图片')
  })

  it('answers a duplicate message id once and skips an old message', async () => {
    const before = wx.sentTo(wx.worker.id).length
    wx.emitRaw({ id: 'dup-1', talkerId: wx.worker.id, type: types.Message.Text, text: '灵活就业社保补贴有多少' })
    wx.mocker.puppet.emit('message', { messageId: 'dup-1' })
    wx.emitRaw({ id: 'old-1', talkerId: wx.worker.id, type: types.Message.Text, text: '一小时前的问题', timestamp: Date.now() / 1000 - 3600 })
    await wx.waitFor(wx.worker.id, before + 1)
    await settle()
    expect(wx.sentTo(wx.worker.id).length).toBe(before + 1)
  })

  it('answers a quoted question and a chat history forwarded by union staff', async () => {
    wx.staff.say('「骑手小王：送外卖能交工伤保险吗」\n- - - - - - - - - - - - - - -\n帮忙回答').to(wx.me)
    const [quoted] = await wx.waitFor(wx.staff.id, 1)
    expect(quoted).toContain('送外卖能交工伤保险吗')
    const xml = chatHistoryXml([
      { name: '张三', text: '早上好', dataType: 1 },
      { name: '张三', text: '网约车司机能参加工伤保险吗', dataType: 1 },
      { name: '李四', text: '创业担保贷款怎么申请', dataType: 1 },
    ])
    wx.emitRaw({ id: 'hist-1', talkerId: wx.staff.id, type: types.Message.ChatHistory, text: xml })
    const replies = await wx.waitFor(wx.staff.id, 2)
    const all = replies.slice(1).join('\n')
    expect(all).toContain('张三问')
    expect(all).toContain('李四问')
  })

  it('splits a long answer into labelled parts, in order', async () => {
    const before = wx.sentTo(wx.worker.id).length
    wx.worker.say('说个长的').to(wx.me)
    await wx.waitFor(wx.worker.id, before + 2)
    await settle(300)
    const parts = wx.sentTo(wx.worker.id).slice(before)
    parts.forEach((p, i) => expect(p.startsWith(`(${i + 1}/${parts.length})`)).toBe(true))
    expect(parts.length).toBeLessThanOrEqual(5)
  })
})
