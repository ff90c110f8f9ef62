// The outbound queue on its own (an in-memory store, the in-process lock, a fake platform): a reply cut off by a
// transport failure after some of its parts resumes at the part that failed, the user's next reply behind it; a
// platform error on a queued reply records that reply and goes on to the next.
import Keyv from 'keyv'
import { describe, expect, it } from 'vitest'
import { createKeyedMutex } from '../../src/conversation/keyed-mutex.js'
import { createLogger } from '../../src/logger.js'
import { TransportError, WechatApiError } from '../../src/channels/wechat-official/api.js'
import { createOutboundQueue, type OutboundReply } from '../../src/channels/wechat-official/outbound-queue.js'
import { createSender } from '../../src/channels/wechat-official/sender.js'
import { until } from './callbacks.js'

function setup(fail: (part: string) => Error | undefined) {
  const keyv = new Keyv()
  const sent: string[] = []
  const givenUp: Array<{ reply: OutboundReply; error: unknown }> = []
  const logger = createLogger('silent')
  const queue = createOutboundQueue({
    keyv, lock: createKeyedMutex(), logger, retryBaseMs: 5,
    giveUp: async (_channel, _target, reply, error) => void givenUp.push({ reply, error }),
  })
  const send = async (part: string) => {
    const error = fail(part)
    if (error) throw error
    sent.push(part)
  }
  queue.register('wechat-mp', (_target, part) => send(part))
  queue.start()
  const sender = createSender({ channel: 'wechat-mp', logger, undelivered: new Keyv(), queue })
  return { keyv, sent, givenUp, queue, sender, send }
}

describe('outbound queue', () => {
  it('resumes a reply at the part that failed, once each, the next reply behind it', async () => {
    let outage = 3
    const { sent, queue, sender, send, keyv } = setup((part) => (part === 'A2' && outage-- > 0 ? new TransportError('HTTP 503', '/send') : undefined))
    expect(await sender.sendParts({ to: 'u1' }, ['A1', 'A2', 'A3'], send)).toBe(false)
    // Queued behind A (A2 is failing): B is not sent first.
    expect(await sender.sendParts({ to: 'u1' }, ['B1'], send)).toBe(false)
    await until(() => sent.length === 4, 3000, 'all parts sent')
    expect(sent).toEqual(['A1', 'A2', 'A3', 'B1'])
    expect(await keyv.get('q:wechat-mp:u1')).toBeUndefined()
    // Nothing waiting any more: the next reply goes out directly.
    expect(await sender.sendParts({ to: 'u1' }, ['C1'], send)).toBe(true)
    expect(sent.at(-1)).toBe('C1')
    await queue.stop()
  })

  it('records a queued reply the platform refuses and goes on with the next', async () => {
    let outage = 2
    const { sent, givenUp, queue, sender, send } = setup((part) => {
      if (part === 'A1' && outage-- > 0) return new TransportError('timeout', '/send')
      if (part === 'A1') return new WechatApiError(45015, 'response out of time limit', '/send')
      return undefined
    })
    await sender.sendParts({ to: 'u2' }, ['A1'], send)
    await sender.sendParts({ to: 'u2' }, ['B1'], send)
    await until(() => sent.includes('B1'), 3000, 'next reply sent')
    expect(sent).toEqual(['B1'])
    expect(givenUp.map((g) => (g.error as WechatApiError).errcode)).toEqual([45015])
    await queue.stop()
  })
})
