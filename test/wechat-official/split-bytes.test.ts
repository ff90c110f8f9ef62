import { describe, expect, it } from 'vitest'
import { CUT_SHORT, splitByBytes, splitWithin } from '../../src/channels/wechat-official/split-bytes.js'

describe('splitByBytes', () => {
  it('keeps a short text whole', () => {
    expect(splitByBytes('你好。')).toEqual(['你好。'])
  })

  it('cuts a long text at sentence boundaries into labelled parts of at most 2048 bytes', () => {
    const sentence = '灵活就业人员可以按规定参加新业态从业人员职业伤害保障。'
    const text = `${sentence.repeat(60)}\n\n来源：第三部分（一）`
    const parts = splitByBytes(text)
    expect(parts.length).toBeGreaterThan(1)
    parts.forEach((p, i) => {
      expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2048)
      expect(p.startsWith(`(${i + 1}/${parts.length}) `)).toBe(true)
    })
    // Every cut but the last falls after a full stop, and nothing is lost.
    for (const p of parts.slice(0, -1)) expect(p.endsWith('。')).toBe(true)
    expect(parts.map((p) => p.replace(/^\(\d+\/\d+\) /, '')).join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''))
  })

  it('cuts a sentence with no boundary on character boundaries', () => {
    const parts = splitByBytes('字'.repeat(3000))
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2048)
    expect(parts.join('')).not.toContain('\uFFFD')
  })

  it('cuts a text needing more parts than allowed to that many, labelled out of them, the last saying so', () => {
    const text = '灵活就业人员可以按规定参加新业态从业人员职业伤害保障。'.repeat(200)
    expect(splitByBytes(text).length).toBeGreaterThan(5)
    const parts = splitWithin(text, 5)
    expect(parts).toHaveLength(5)
    parts.forEach((p, i) => {
      expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2048)
      expect(p.startsWith(`(${i + 1}/5) `)).toBe(true)
    })
    expect(parts[4].endsWith(CUT_SHORT)).toBe(true)
    expect(splitWithin('你好。', 5)).toEqual(['你好。'])
    expect(splitWithin(text, 0)).toEqual([])
  })
})
