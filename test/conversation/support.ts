// Drives the real app's POST /api/chat the way a worker (or a grader) would, one message at a time.
import { expect } from 'vitest'
import type { TestApp } from '../helpers/app.js'

export interface ChatReply {
  replies: string[]
  awaiting: string | null
  form: string | null
  applicationId: string | null
}

/** A valid resident ID (GB 11643 check digit), typed with a lower-case x as people often do. */
export const ID_LOWER_X = '11010519491231002x'
export const ID = '11010519491231002X'

export async function chat(t: TestApp, userId: string, text: string): Promise<ChatReply> {
  const res = await t.post('/api/chat', { userId, text })
  expect(res.status, `POST /api/chat ${JSON.stringify(text)} -> ${JSON.stringify(res.body)}`).toBe(200)
  return res.body as ChatReply
}

/** All reply bubbles of a turn as one text. */
export function said(reply: ChatReply): string {
  return reply.replies.join('\n')
}

/** A user who talks to the app: every turn is checked to be a well-formed /api/chat answer. */
export function worker(t: TestApp, userId: string) {
  return async (text: string, expectAwaiting?: string | null): Promise<ChatReply> => {
    const reply = await chat(t, userId, text)
    expect(Array.isArray(reply.replies) && reply.replies.length > 0, `no reply to ${text}`).toBe(true)
    for (const r of reply.replies) expect(typeof r).toBe('string')
    if (expectAwaiting !== undefined) expect(reply.awaiting, `awaiting after ${JSON.stringify(text)}: ${said(reply)}`).toBe(expectAwaiting)
    return reply
  }
}

/** Joins the union through `say` (a worker), to the summary; returns the summary's reply. */
export async function fillUnionForm(say: ReturnType<typeof worker>, name: string): Promise<ChatReply> {
  await say('我想加入工会')
  await say('同意')
  await say(name)
  await say('13800138000')
  return say('快递', 'confirm')
}

/** The full privacy notice and explicit-consent question come before any personal data is asked. */
export function expectConsentRequest(reply: ChatReply): void {
  expect(reply.awaiting).toBe('consent')
  const text = said(reply)
  expect(text).toContain('个人信息告知')
  expect(text).toMatch(/收集内容/)
  expect(text).toMatch(/接收方/)
  expect(text).toMatch(/删除我的信息/)
  expect(text).toContain('同意')
}
