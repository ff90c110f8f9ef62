import { describe, expect, it } from 'vitest'
import { types } from 'wechaty'
import { createBurstMerger } from '../../src/channels/wechat/burst.js'
import { ignoreReason } from '../../src/channels/wechat/inbound-filter.js'
import { createKeyedMutex } from '../../src/conversation/keyed-mutex.js'
import { isAddressedToBot, mentionsAll, roomAllowed, stripMentions } from '../../src/channels/wechat/mention.js'
import { withRetry } from '../../src/channels/wechat/outbound.js'
import { createRateLimiter } from '../../src/channels/wechat/rate-limit.js'
import { createSeenIds } from '../../src/channels/wechat/seen-ids.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const base = { self: false, talkerId: 'wxid_a', talkerName: '小王', type: types.Message.Text, text: '能交工伤吗', ageSeconds: 1 }

describe('ignoreReason', () => {
  it('lets an ordinary fresh message through', () => expect(ignoreReason(base, 60)).toBeNull())
  it('ignores self, official accounts, 微信团队, system messages, placeholders and the backlog', () => {
    expect(ignoreReason({ ...base, self: true }, 60)).toBe('self')
    expect(ignoreReason({ ...base, talkerId: 'gh_123abc' }, 60)).toBe('official account')
    expect(ignoreReason({ ...base, talkerName: '微信团队' }, 60)).toBe('system sender')
    expect(ignoreReason({ ...base, type: types.Message.Recalled }, 60)).toBe('system message')
    expect(ignoreReason({ ...base, type: 18 }, 60)).toBe('system message')
    expect(ignoreReason({ ...base, text: '收到红包，请在手机上查看' }, 60)).toBe('placeholder')
    expect(ignoreReason({ ...base, text: '收到一条视频/语音聊天消息，请在手机上查看' }, 60)).toBe('placeholder')
    expect(ignoreReason({ ...base, ageSeconds: 3600 }, 60)).toBe('too old')
  })
})

describe('seen ids', () => {
  it('reports a repeat and forgets the oldest past capacity', () => {
    const seen = createSeenIds(2)
    expect(seen.checkAndRemember('a')).toBe(false)
    expect(seen.checkAndRemember('a')).toBe(true)
    seen.checkAndRemember('b')
    seen.checkAndRemember('c')
    expect(seen.checkAndRemember('a')).toBe(false)
  })
})

describe('rate limit', () => {
  it('answers a flood with one note, then drops until the window clears', () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 1000 })
    const decisions = [0, 1, 2, 3, 4, 5].map((t) => limiter.check('u', 1000 + t))
    expect(decisions).toEqual(['ok', 'ok', 'ok', 'notify', 'drop', 'drop'])
    expect(limiter.check('other', 1010)).toBe('ok')
    expect(limiter.check('u', 3000)).toBe('ok')
  })
})

describe('burst merger', () => {
  it('merges quick messages per key and flushes pending ones before a non-mergeable item', async () => {
    const flushed: [string, string[]][] = []
    const merger = createBurstMerger<string>(30, (key, items) => flushed.push([key, items]))
    merger.push('a', '我是骑手', true)
    merger.push('b', '你好', true)
    merger.push('a', '能交工伤吗', true)
    await sleep(60)
    merger.push('a', '再问一个', true)
    merger.push('a', '[图片]', false)
    expect(flushed).toEqual([
      ['b', ['你好']],
      ['a', ['我是骑手', '能交工伤吗']],
      ['a', ['再问一个']],
      ['a', ['[图片]']],
    ])
  })
})

describe('keyed queue', () => {
  it("runs one key's tasks in order and others alongside", async () => {
    const queue = createKeyedMutex()
    const log: string[] = []
    void queue.run('a', async () => {
      await sleep(30)
      log.push('a1')
    })
    void queue.run('a', async () => { log.push('a2') })
    void queue.run('b', async () => { log.push('b1') })
    await queue.idle()
    expect(log).toEqual(['b1', 'a1', 'a2'])
  })
})

describe('mentions', () => {
  const botNames = ['政策助手']
  it('answers an @-mention, never @所有人, and the typed name', () => {
    expect(isAddressedToBot({ mentionSelf: true, text: '@政策助手\u2005能交工伤吗', botNames })).toBe(true)
    expect(isAddressedToBot({ mentionSelf: true, text: '@所有人\u2005明天开会', botNames })).toBe(false)
    expect(isAddressedToBot({ mentionSelf: false, text: '@政策助手 复制的问题', botNames })).toBe(true)
    expect(isAddressedToBot({ mentionSelf: false, text: '政策助手，补贴多少', botNames })).toBe(true)
    expect(isAddressedToBot({ mentionSelf: false, text: '大家好', botNames })).toBe(false)
    expect(mentionsAll('@所有人 通知')).toBe(true)
  })
  it('does not take an @ inside a quoted message for a mention; a typed @ may run into the question', () => {
    const quoted = '「骑手小王：@政策助手 送外卖能交工伤保险吗」\n- - - - - - - - - - - - - - -\n小王你先打12333问问'
    expect(isAddressedToBot({ mentionSelf: false, text: quoted, botNames })).toBe(false)
    expect(isAddressedToBot({ mentionSelf: false, text: quoted.replace('小王你先', '@政策助手\u2005帮忙回答，小王你先'), botNames })).toBe(true)
    expect(isAddressedToBot({ mentionSelf: false, text: '@政策助手请问工伤保险怎么交', botNames })).toBe(true)
    expect(isAddressedToBot({ mentionSelf: false, text: '社保补贴多少？@政策助手', botNames })).toBe(true)
  })
  it('strips the names and separators from the question', () => {
    expect(stripMentions('@政策助手\u2005能交工伤吗', botNames)).toBe('能交工伤吗')
  })
  it('limits rooms to WECHAT_ROOMS by topic or id', () => {
    expect(roomAllowed([], { id: 'r@chatroom', topic: 'x' })).toBe(true)
    expect(roomAllowed(['工会咨询群'], { id: 'r@chatroom', topic: '工会咨询群' })).toBe(true)
    expect(roomAllowed(['r@chatroom'], { id: 'r@chatroom', topic: 'x' })).toBe(true)
    expect(roomAllowed(['工会咨询群'], { id: 'r@chatroom', topic: '闲聊' })).toBe(false)
  })
})

describe('withRetry', () => {
  it('retries a failed send with backoff, then gives up after the tries', async () => {
    let calls = 0
    const flaky = async () => {
      if (++calls < 3) throw new Error('busy')
      return 'ok'
    }
    await expect(withRetry(flaky, 3, 1)).resolves.toBe('ok')
    calls = 0
    const down = async () => {
      calls++
      throw new Error('down')
    }
    await expect(withRetry(down, 3, 1)).rejects.toThrow('down')
    expect(calls).toBe(3)
  })
})
