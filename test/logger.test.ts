// The process logger: every string masked, secrets censored by key at any depth, errors kept readable (their
// class, masked message and stack), and a cyclic object written rather than hanging the process.
import { describe, expect, it } from 'vitest'
import { CENSORED, createLogger } from '../src/logger.js'

function capture() {
  const lines: string[] = []
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) })
  return { logger, entries: () => lines.map((line) => JSON.parse(line)) }
}

describe('logger', () => {
  it('masks ID and phone numbers in messages, values and interpolated arguments', () => {
    const { logger, entries } = capture()
    logger.info({ user: { phone: '13800138000', note: '身份证 11010519491231002X' } }, 'called from 139-1234-5678')
    logger.info('asked by %s', '+86 13912345678')
    const [first, second] = entries()
    expect(first.user).toEqual({ phone: '138****8000', note: '身份证 110***********002X' })
    expect(first.msg).toBe('called from 139****5678')
    expect(second.msg).toBe('asked by 139****5678')
    expect(JSON.stringify(entries())).not.toMatch(/13800138000|19491231|12345678/)
  })

  it('censors secrets by key, whatever the depth and case', () => {
    const { logger, entries } = capture()
    logger.warn({ token: 't0p', config: { webhook: { HANDOFF_WEBHOOK_SECRET: 'whsec_abc', apikey: 'sk-1' } }, headers: { Authorization: 'Bearer x' } }, 'settings')
    const [entry] = entries()
    expect(entry.token).toBe(CENSORED)
    expect(entry.config.webhook).toEqual({ HANDOFF_WEBHOOK_SECRET: CENSORED, apikey: CENSORED })
    expect(entry.headers.Authorization).toBe(CENSORED)
  })

  it('keeps an error readable: its class, and its message, stack and cause masked', () => {
    const { logger, entries } = capture()
    const cause = new Error('row for 13800138000')
    logger.error({ err: Object.assign(new TypeError('bad id 11010519491231002X', { cause }), { code: 'E_BAD' }) }, 'request failed')
    logger.error(new RangeError('phone 13912345678 out of range'))
    const [nested, alone] = entries()
    expect(nested.err.type).toBe('TypeError')
    expect(nested.err.code).toBe('E_BAD')
    expect(nested.err.message).toContain('bad id 110***********002X')
    expect(nested.err.stack).toContain('TypeError: bad id 110***********002X')
    expect(nested.err.stack).toContain('138****8000') // the cause, masked
    expect(alone.err.type).toBe('RangeError')
    expect(alone.msg).toBe('phone 139****5678 out of range')
    expect(JSON.stringify(entries())).not.toMatch(/13800138000|19491231|13912345678/)
  })

  it('writes a cyclic object instead of recursing forever, and a shared one in full each time', () => {
    const { logger, entries } = capture()
    const loop: Record<string, unknown> = { name: 'loop' }
    loop.self = loop
    const shared = { phone: '13800138000' }
    logger.info({ loop, a: shared, b: shared }, 'cycle')
    const [entry] = entries()
    expect(entry.msg).toBe('cycle')
    expect(entry.loop).toEqual({ name: 'loop', self: '[circular]' })
    expect(entry.a).toEqual({ phone: '138****8000' })
    expect(entry.b).toEqual({ phone: '138****8000' })
  })

  it('cuts off a very deep object', () => {
    const { logger, entries } = capture()
    let deep: Record<string, unknown> = { end: true }
    for (let i = 0; i < 20; i++) deep = { next: deep }
    logger.info({ deep }, 'deep')
    expect(JSON.stringify(entries()[0])).toContain('[too deep]')
  })
})
