import { describe, expect, it } from 'vitest'
import { toPlainText } from '../../src/channels/wechat/plain-text.js'
import { splitReply } from '../../src/channels/wechat/split.js'

const sentence = (n: number) => `这是第${n}句关于新就业形态人员职业伤害保障的说明文字，内容需要足够长才能测试分段效果。`

describe('toPlainText', () => {
  it('strips Markdown that WeChat would show literally', () => {
    expect(toPlainText('## 标题\n**加粗**的话\n* 第一条\n- 第二条\n`代码`')).toBe('标题\n加粗的话\n• 第一条\n• 第二条\n代码')
  })
})

describe('toPlainText and masked numbers', () => {
  it('keeps the stars of masked ID and phone numbers, in bold or not', () => {
    expect(toPlainText('手机号：138****8000\n身份证号：110***********002X')).toBe('手机号：138****8000\n身份证号：110***********002X')
    expect(toPlainText('**手机号**：138****8000，__已改__')).toBe('手机号：138****8000，已改')
  })
})

describe('splitReply', () => {
  it('keeps a short reply whole and unlabelled', () => {
    expect(splitReply('可以参加。\n\n来源：3.1 新就业形态人员职业伤害保障')).toEqual(['可以参加。\n\n来源：3.1 新就业形态人员职业伤害保障'])
  })

  it('splits on paragraphs, labels the parts and keeps each 来源 line with its paragraph', () => {
    const paragraphs = [1, 2, 3].map((p) => [1, 2, 3, 4].map((s) => sentence(p * 10 + s)).join(''))
    const text = paragraphs.map((p, i) => `${p}\n\n来源：第${i + 1}段`).join('\n\n')
    const parts = splitReply(text, { maxChars: 200 })
    expect(parts.length).toBe(3)
    parts.forEach((part, i) => {
      expect(part.startsWith(`(${i + 1}/3) `)).toBe(true)
      expect(part).toContain(`来源：第${i + 1}段`)
      expect(part).toContain(sentence((i + 1) * 10 + 1))
    })
  })

  it('cuts a long paragraph on sentence boundaries, in order, losing nothing', () => {
    const text = Array.from({ length: 12 }, (_, i) => sentence(i + 1)).join('')
    const parts = splitReply(text, { maxChars: 120 })
    expect(parts.length).toBeGreaterThan(1)
    const body = parts.map((p) => p.replace(/^\(\d+\/\d+\) /, '')).join('')
    expect(body).toBe(text)
    for (const part of parts) expect(part.replace(/^\(\d+\/\d+\) /, '')).toMatch(/。$/)
  })

  it('keeps a line that starts with punctuation inside a long paragraph', () => {
    const text = `${'很长的一句话没有句号'.repeat(30)}\n！还有这一行。\n；以及这一行`
    const parts = splitReply(text, { maxChars: 120 })
    const body = parts.map((p) => p.replace(/^\(\d+\/\d+\) /, '')).join('')
    expect(body.replace(/\s/g, '')).toBe(text.replace(/\s/g, ''))
  })

  it('never makes more than maxParts parts, growing them instead of dropping text', () => {
    const text = Array.from({ length: 40 }, (_, i) => sentence(i + 1)).join('\n\n')
    const parts = splitReply(text, { maxChars: 100, maxParts: 5 })
    expect(parts.length).toBeLessThanOrEqual(5)
    const joined = parts.join('\n')
    for (let i = 1; i <= 40; i++) expect(joined).toContain(sentence(i))
  })
})

describe('splitReply with the engine citation format', () => {
  it('keeps a 【来源：…】 line with the text before it when a paragraph is cut', () => {
    const para = (n: number) => `${sentence(n)}${sentence(n + 100)}\n【来源：《宁波市对灵活就业人员的支持政策和主要做法》第${n}部分】`
    const parts = splitReply([1, 2, 3].map(para).join('\n'), { maxChars: 150 })
    expect(parts.length).toBeGreaterThan(1)
    for (const part of parts) expect(part.replace(/^\(\d+\/\d+\) /, '')).not.toMatch(/^【来源/)
    const joined = parts.join('\n')
    expect(joined.indexOf('第1部分')).toBeLessThan(joined.indexOf(sentence(2)))
  })
})
