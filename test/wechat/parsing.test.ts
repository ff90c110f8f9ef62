import { describe, expect, it } from 'vitest'
import { parseChatHistory } from '../../src/channels/wechat/chat-history.js'
import { asksFromChatHistory, asksFromQuote, pointsAtQuoteOnly } from '../../src/channels/wechat/forward.js'
import { parseQuote } from '../../src/channels/wechat/quote.js'
import { pickWorkerQuestions } from '../../src/channels/wechat/worker-questions.js'
import { chatHistoryXml, escapeXml } from './fixtures.js'

describe('parseQuote', () => {
  it('splits the phone format into name, quoted text and own words', () => {
    const text = '「骑手小王：送外卖能交工伤保险吗」\n- - - - - - - - - - - - - - -\n帮忙回答一下'
    expect(parseQuote(text)).toEqual({ quotedName: '骑手小王', quotedText: '送外卖能交工伤保险吗', ownText: '帮忙回答一下' })
  })

  it('tolerates an ASCII colon, plain dashes and full-width dashes', () => {
    expect(parseQuote('"张三: 补贴怎么申请"\n------\n这个怎么说')).toEqual({
      quotedName: '张三', quotedText: '补贴怎么申请', ownText: '这个怎么说',
    })
    expect(parseQuote('「李四：能贷款吗」\n－－－－－－－－\n')?.quotedText).toBe('能贷款吗')
  })

  it('keeps a multi-line quote whole and returns null for ordinary text', () => {
    expect(parseQuote('「王五：第一行\n第二行」\n- - - - - - - - - - - - - - -\n？')?.quotedText).toBe('第一行\n第二行')
    expect(parseQuote('送外卖能交工伤保险吗')).toBeNull()
    expect(parseQuote('价格 - 看情况')).toBeNull()
  })
})

describe('forwarded quotes', () => {
  it('answers the quoted question when the staff only point at it', () => {
    for (const own of ['', '帮忙回答', '看看这个', '请帮忙解答一下！', '？']) expect(pointsAtQuoteOnly(own)).toBe(true)
    expect(pointsAtQuoteOnly('他是外地户籍，能申请吗')).toBe(false)
    const asks = asksFromQuote('「骑手小王：送外卖能交工伤保险吗」\n- - - - - - - - - - - - - - -\n帮忙回答', ['政策助手'])
    expect(asks).toEqual([{ text: '送外卖能交工伤保险吗', askedBy: '骑手小王', forwarded: true }])
  })

  it("uses the staff's own question with the quote before it as context, beside the staff's own conversation", () => {
    const asks = asksFromQuote('「骑手小王：我在宁波送外卖」\n- - - - - - - - - - - - - - -\n他能交工伤保险吗', ['政策助手'])
    expect(asks).toHaveLength(1)
    expect(asks![0].forwarded).toBe(true)
    expect(asks![0].text).toMatch(/^（引用 骑手小王 的话：我在宁波送外卖）\n他能交工伤保险吗$/)
  })

  it("treats a quote of the assistant's own message as the user's next turn", () => {
    const asks = asksFromQuote('「政策助手：请告诉我你的手机号」\n- - - - - - - - - - - - - - -\n13800138000', ['政策助手'])
    expect(asks).toEqual([{ text: '13800138000', forwarded: false }])
  })
})

describe('parseChatHistory', () => {
  const items = [
    { name: '张三', text: '早上好', dataType: 1 },
    { name: '张三', text: '我是送外卖的，能交工伤保险吗？', dataType: 1 },
    { name: '李四', text: '[图片]', dataType: 2 },
    { name: '李四', text: '创业担保贷款怎么申请', dataType: 1 },
    { name: '王五', text: '谢谢', dataType: 1 },
    { name: '王五', text: '[微笑][微笑]', dataType: 1 },
  ]

  it('reads entity-escaped recordinfo', () => {
    const parsed = parseChatHistory(chatHistoryXml(items))
    expect(parsed.title).toBe('群聊的聊天记录')
    expect(parsed.items).toEqual(items)
  })

  it('reads CDATA recordinfo and an entity-escaped whole message', () => {
    expect(parseChatHistory(chatHistoryXml(items, { cdata: true })).items).toEqual(items)
    expect(parseChatHistory(escapeXml(chatHistoryXml(items))).items).toEqual(items)
  })

  it('falls back to the <des> preview when the list is empty, and caps the items', () => {
    const xml = '<msg><appmsg><title>聊天记录</title><des>张三: 早上好&#x0A;李四：社保补贴有多少？</des><type>19</type><recorditem></recorditem></appmsg></msg>'
    expect(parseChatHistory(xml).items).toEqual([
      { name: '张三', text: '早上好', dataType: 1 },
      { name: '李四', text: '社保补贴有多少？', dataType: 1 },
    ])
    const many = Array.from({ length: 400 }, (_, i) => ({ name: `n${i}`, text: `问题${i}吗`, dataType: 1 }))
    expect(parseChatHistory(chatHistoryXml(many)).items).toHaveLength(300)
  })

  it("picks the workers' questions, skipping greetings, thanks, images and stickers", () => {
    expect(pickWorkerQuestions(parseChatHistory(chatHistoryXml(items)).items)).toEqual([
      { name: '张三', text: '我是送外卖的，能交工伤保险吗？' },
      { name: '李四', text: '创业担保贷款怎么申请' },
    ])
    expect(asksFromChatHistory(chatHistoryXml(items), 1)).toEqual({
      asks: [{ text: '我是送外卖的，能交工伤保险吗？', askedBy: '张三', forwarded: true }],
      skipped: 1,
    })
  })

  it("reads one speaker's consecutive pieces together", () => {
    const pieces = [
      { name: '赵六', text: '我在宁波开网店', dataType: 1 },
      { name: '赵六', text: '有没有社保补贴', dataType: 1 },
    ]
    expect(pickWorkerQuestions(pieces)).toEqual([{ name: '赵六', text: '我在宁波开网店，有没有社保补贴' }])
  })

  it('reads a long history to its end: a question after twenty-five small talks is found', () => {
    const chatter = Array.from({ length: 25 }, (_, i) => ({ name: `工友${i}`, text: '早上好', dataType: 1 }))
    const xml = chatHistoryXml([...chatter, { name: '钱七', text: '快递员能评职称吗', dataType: 1 }])
    expect(asksFromChatHistory(xml).asks).toEqual([{ text: '快递员能评职称吗', askedBy: '钱七', forwarded: true }])
  })
})
