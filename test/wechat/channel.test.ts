// The WeChat channel end to end: a real Wechaty on wechaty-puppet-mock, the real app and engine (createApp),
// a stub transcription server. Short burst window and no pauses keep it fast.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { types } from 'wechaty'
import { createApp, type App } from '../../src/app.js'
import { toPlainText } from '../../src/channels/wechat/plain-text.js'
import { startStubTranscribe, type StubTranscribe } from '../helpers/stub-transcribe.js'
import { chatHistoryXml } from './fixtures.js'
import { BOT_NAME, startMockWechat, type MockWechat } from './mock-wechat.js'

const DASHES = '- - - - - - - - - - - - - - -'
const SPLIT_CHARS = 150

let wx: MockWechat
let app: App
let stt: StubTranscribe
let dataDir: string

beforeAll(async () => {
  wx = await startMockWechat()
  stt = await startStubTranscribe('送外卖能交工伤保险吗')
  dataDir = mkdtempSync(join(tmpdir(), 'wechat-test-'))
  app = createApp({
    env: {
      DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', OPENAI_API_KEY: '', WECHATY_PUPPET: '',
      WECHAT_SPLIT_CHARS: String(SPLIT_CHARS), WECHAT_ROOMS: '', WECHAT_ADMIN: '',
      TRANSCRIBE_BASE_URL: stt.baseUrl, TRANSCRIBE_API_KEY: 'test-key', TRANSCRIBE_MODEL: 'whisper-1',
    },
    wechaty: wx.bot,
    wechat: { burstMs: 20, sendPauseMs: 0 },
  })
  await app.start()
})

afterAll(async () => {
  await app?.stop()
  await stt?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** The parts of one reply, labels removed, read as one text. */
const body = (parts: string[]) => parts.map((p) => p.replace(/^\(\d+\/\d+\) /, '')).join('\n')
const noSpace = (text: string) => text.replace(/\s+/g, '')

describe('1:1 chats', () => {
  it('answers a question with its source', async () => {
    const parts = await wx.exchange(wx.worker.id, () => wx.worker.say('送外卖能交工伤保险吗').to(wx.me))
    expect(body(parts)).toContain('来源')
    expect(body(parts)).toContain('工伤保险')
  })

  it('merges a burst of messages into one question', async () => {
    const rider = wx.addContact('骑手小刘')
    const parts = await wx.exchange(rider.id, () => {
      rider.say('我是送外卖的').to(wx.me)
      rider.say('能交工伤保险吗').to(wx.me)
    })
    const total = /^\(1\/(\d+)\)/.exec(parts[0])
    expect(parts.length).toBe(total ? Number(total[1]) : 1)
    expect(body(parts)).toContain('工伤保险')
  })

  it('keeps a command in a burst apart: 取消 after a question, a question after 我想申请…', async () => {
    const worker = wx.addContact('骑手小林')
    const burst = async (...texts: string[]) =>
      body(await wx.exchange(worker.id, () => {
        for (const text of texts) worker.say(text).to(wx.me)
      }))
    await burst('我想加入工会')
    await burst('同意')
    const cancelled = await burst('入工会有什么好处', '取消')
    expect(cancelled).toContain('来源')
    expect(cancelled).toMatch(/已取消/)
    const started = await burst('我想申请新业态工伤保险', '需要什么条件')
    expect(started).toMatch(/同意/) // the form started...
    expect(started).toMatch(/第三部分（一）/) // ...and the question was answered about its programme
  })

  it('runs a full application and hands it over', async () => {
    const applicant = wx.addContact('申请人小陈')
    const turn = async (text: string) => body(await wx.exchange(applicant.id, () => applicant.say(text).to(wx.me)))
    expect(await turn('我想申请新业态工伤保险')).toContain('同意')
    expect(await turn('同意')).toContain('姓名')
    expect(await turn('陈小明')).toContain('手机')
    expect(await turn('13800138000')).toContain('身份证')
    expect(await turn('11010519491231002X')).toContain('哪一行')
    expect(await turn('送外卖')).toContain('平台')
    const summary = await turn('美团')
    expect(summary).toContain('确认')
    expect(summary).toContain('陈小明')
    // Masked as everywhere else, the stars kept through the Markdown stripping (not 1388000, 110*002X).
    expect(summary).toContain('138****8000')
    expect(summary).toContain('110***********002X')
    const done = await turn('确认')
    const [application] = await app.applications.forUser(applicant.id)
    expect(application).toMatchObject({ form: 'work_injury_insurance', channel: 'wechat' })
    expect(application.fields).toMatchObject({ name: '陈小明', phone: '13800138000', idNumber: '11010519491231002X' })
    expect(done).toContain(application.id)
    // Shown to the user masked, never in full.
    expect(wx.sentTo(applicant.id).join('\n')).not.toContain('11010519491231002X')
  })

  it('answers a flood with one note', async () => {
    const flooder = wx.addContact('刷屏用户')
    const parts = await wx.exchange(flooder.id, () => {
      for (let i = 0; i < 20; i++) flooder.say(`第${i}条：社保补贴有多少`).to(wx.me)
    }, 400)
    const notes = parts.filter((p) => p.includes('消息有点多'))
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatch(/先不处理了/) // no promise to answer what it drops
  })
})

describe('groups', () => {
  it('ignores a message without a mention and answers one with, mentioning the asker', async () => {
    expect(await wx.silence(wx.room.id, () => wx.worker.say('今天补贴什么时候发').to(wx.room))).toEqual([])
    const parts = await wx.exchange(wx.room.id, () => wx.worker.say(`@${BOT_NAME}\u2005送外卖能交工伤保险吗`, [wx.me]).to(wx.room))
    expect(parts[0]).toMatch(/^@骑手小王 /)
    expect(body(parts)).toContain('来源')
  })

  it('never answers @所有人, even when the puppet lists the assistant', async () => {
    expect(await wx.silence(wx.room.id, () => wx.staff.say('@所有人\u2005明天下午开会', [wx.me]).to(wx.room))).toEqual([])
  })

  it('invites to a private chat instead of collecting personal data in the group', async () => {
    const parts = await wx.exchange(wx.room.id, () => wx.worker.say(`@${BOT_NAME}\u2005我想申请新业态工伤保险`, [wx.me]).to(wx.room))
    expect(body(parts)).toContain('私聊')
    expect(body(parts)).not.toContain('姓名是')
  })
})

describe('union staff forwarding', () => {
  it("answers a quoted worker's question", async () => {
    const parts = await wx.exchange(wx.staff.id, () => wx.staff.say(`「骑手小王：送外卖能交工伤保险吗」\n${DASHES}\n帮忙回答`).to(wx.me))
    expect(body(parts)).toContain('来源')
    expect(body(parts)).toContain('工伤保险')
  })

  it('masks ID and phone numbers in the header naming the worker', async () => {
    const forwarder = wx.addContact('工会小周')
    const header = body(await wx.exchange(forwarder.id, () =>
      forwarder.say(`「骑手小王：我手机13800138000，身份证330203199001011234，能申请社保补贴吗」\n${DASHES}\n帮忙回答`).to(wx.me)))
    expect(header).toContain('「骑手小王问：')
    expect(header).not.toContain('13800138000')
    expect(header).not.toContain('330203199001011234')
  })

  it("never starts an application on a forwarded worker's request: only the worker can consent", async () => {
    const forwarder = wx.addContact('工会小钱')
    const forward = async (name: string, text: string) =>
      body(await wx.exchange(forwarder.id, () => forwarder.say(`「${name}：${text}」\n${DASHES}\n帮忙回答`).to(wx.me)))
    const invite = await forward('张三', '我想申请创业担保贷款')
    expect(invite).toMatch(/本人/)
    expect(invite).not.toMatch(/您同意按以上说明/)
    const next = await forward('赵六', '快递员能评职称吗')
    expect(next).toContain('职称')
    expect(next).not.toMatch(/继续/)
  })

  it("删除我的信息 also deletes the user's forwarded-questions conversation", async () => {
    const own = { channel: 'wechat' as const, userId: 'wx-del-fwd', conversationId: 'wechat:wx-del-fwd' }
    const forwarded = { ...own, conversationId: 'wechat:wx-del-fwd:fwd' }
    // a form left there before forwarded requests were refused
    expect((await app.handle({ ...forwarded, text: '我想加入工会' })).form).toBe('union_membership')
    expect((await app.handle({ ...own, text: '删除我的信息' })).replies.join('')).toContain('已删除')
    expect((await app.handle({ ...forwarded, text: '快递员能评职称吗' })).form).toBeNull()
  })

  it("a quote of one's own message, or a command under any quote, is the sender's own business", async () => {
    const worker = wx.addContact('骑手小冯')
    const say = async (text: string) => body(await wx.exchange(worker.id, () => worker.say(text).to(wx.me)))
    await say('我想加入工会')
    await say('同意')
    await say('冯五')
    expect(await say('13800138000')).toMatch(/哪一行/)
    expect(await say(`「骑手小冯：13800138000」\n${DASHES}\n电话写错了，改成13900139000`)).toMatch(/已把手机号改为：139\*\*\*\*9000/)
    expect(await say(`「工友老王：你也在办工会吗」\n${DASHES}\n删除我的信息`)).toMatch(/已删除/)
    expect(await say('送外卖')).not.toMatch(/已记下|继续办理/) // the form went with the deletion
  })

  it("answers the staff's own question about a quoted message without touching the staff's own form", async () => {
    const staff = wx.addContact('工会小吴')
    const say = async (text: string) => body(await wx.exchange(staff.id, () => staff.say(text).to(wx.me)))
    expect(await say('我想加入工会')).toContain('同意')
    expect(await say('同意')).toContain('姓名')
    const answer = await say(`「骑手小王：我在宁波送外卖」\n${DASHES}\n他能交工伤保险吗`)
    expect(answer).toContain('工伤保险')
    expect(answer).toContain('来源')
    expect(answer).not.toContain('已记下')
    expect(await say('吴明')).toContain('手机') // the staff's own form goes on where it was
    const subsidy = await say(`「骑手小王：我在宁波送外卖，外地户口」\n${DASHES}\n他能申请社保补贴吗？`)
    expect(subsidy).toContain('来源')
    expect(subsidy).not.toContain('同意') // a question, not a request to apply: no consent notice
  })

  it("answers each worker's question in a chat history without disturbing the staff's own form", async () => {
    expect(body(await wx.exchange(wx.staff.id, () => wx.staff.say('我想加入工会').to(wx.me)))).toContain('同意')
    const xml = chatHistoryXml([
      { name: '张三', text: '早上好', dataType: 1 },
      { name: '张三', text: '网约车司机能参加工伤保险吗', dataType: 1 },
      { name: '李四', text: '[图片]', dataType: 2 },
      { name: '李四', text: '灵活就业人员社保补贴有多少', dataType: 1 },
      { name: '王五', text: '谢谢', dataType: 1 },
    ])
    const parts = await wx.exchange(wx.staff.id, () => wx.emitRaw({ id: 'history-1', talkerId: wx.staff.id, type: types.Message.ChatHistory, text: xml }))
    const text = body(parts)
    expect(text).toContain('张三问：网约车司机能参加工伤保险吗')
    expect(text).toContain('李四问：灵活就业人员社保补贴有多少')
    expect(text).not.toContain('王五问')
    expect(text.match(/来源/g)?.length).toBeGreaterThanOrEqual(2)
    // The staff's own application carries on where it was.
    expect(body(await wx.exchange(wx.staff.id, () => wx.staff.say('同意').to(wx.me)))).toContain('姓名')
  })
})

describe('a long chat history', () => {
  it('answers at most five questions and says how many more it held', async () => {
    const staff = wx.addContact('工会小郑')
    const asked = ['网约车司机能参加工伤保险吗', '灵活就业人员社保补贴有多少', '创业担保贷款怎么申请', '快递员能评职称吗', '怎么加入工会', '技能培训有补贴吗', '欠薪了怎么办']
    const xml = chatHistoryXml(asked.map((text, i) => ({ name: `工友${i}`, text, dataType: 1 })))
    const text = body(await wx.exchange(staff.id, () => wx.emitRaw({ id: 'history-long', talkerId: staff.id, type: types.Message.ChatHistory, text: xml })))
    expect(text.match(/工友\d问：/g)).toHaveLength(5)
    expect(text).toMatch(/还有2个问题我没有回答/)
  })
})

describe('other kinds of message', () => {
  it('transcribes a voice message through the endpoint and answers it, showing what was heard', async () => {
    const voiceUser = wx.addContact('语音用户')
    const parts = await wx.exchange(voiceUser.id, () =>
      wx.emitFile({ id: 'voice-1', talkerId: voiceUser.id, type: types.Message.Audio, name: 'voice.mp3', data: Buffer.from('fake audio') }),
    )
    expect(body(parts)).toMatch(/^🎤 听到：送外卖能交工伤保险吗/)
    expect(body(parts)).toContain('来源')
    const request = stt.requests[stt.requests.length - 1]
    expect(request.authorization).toBe('Bearer test-key')
    expect(request.contentType).toMatch(/^multipart\/form-data/)
    expect(request.body).toContain('whisper-1')
    expect(request.fileBytes).toBe('fake audio'.length)
  })

  it('answers an image politely, saying how to ask', async () => {
    const parts = await wx.exchange(wx.worker.id, () =>
      wx.emitFile({ id: 'image-1', talkerId: wx.worker.id, type: types.Message.Image, name: 'a.jpg', data: Buffer.from('jpg') }),
    )
    expect(parts).toHaveLength(1)
    expect(parts[0]).toContain('图片')
    expect(parts[0]).toContain('打字')
  })
})

describe('hygiene', () => {
  it('answers a duplicate message id once and skips a message from an hour ago', async () => {
    const parts = await wx.exchange(wx.worker.id, () => {
      wx.emitRaw({ id: 'dup-1', talkerId: wx.worker.id, type: types.Message.Text, text: '职称评审有什么政策' })
      wx.mocker.puppet.emit('message', { messageId: 'dup-1' })
    })
    const total = /^\(1\/(\d+)\)/.exec(parts[0])
    expect(parts.length).toBe(total ? Number(total[1]) : 1)
    const old = await wx.silence(wx.worker.id, () =>
      wx.emitRaw({ id: 'old-1', talkerId: wx.worker.id, type: types.Message.Text, text: '一小时前的问题：补贴多少', timestamp: Date.now() / 1000 - 3600 }),
    )
    expect(old).toEqual([])
  })

  it('splits a long answer into labelled parts, in order, losing nothing', async () => {
    const question = '灵活就业人员有哪些社保补贴和创业扶持政策'
    const expected = await app.handle({ channel: 'wechat', userId: 'probe', conversationId: 'probe:split', text: question })
    const parts = await wx.exchange(wx.worker.id, () => wx.worker.say(question).to(wx.me))
    expect(parts.length).toBeGreaterThan(1)
    expect(parts.length).toBeLessThanOrEqual(5)
    parts.forEach((part, i) => expect(part.startsWith(`(${i + 1}/${parts.length}) `)).toBe(true))
    expect(noSpace(body(parts))).toBe(noSpace(toPlainText(expected.replies.join('\n\n'))))
  })
})
