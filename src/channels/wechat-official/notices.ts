// Case-status notices (issue 24) for applications made on the official channels. The engine's channel for them
// is 'wechat', as on Wechaty (the hand-off webhook's contract knows wechat, api and console), and a notice names
// only that and the user id. So on the turn a user submits an application, their channel records the way back to
// them (which channel, the conversation, the 微信客服 account) in the shared store, and the notice goes out that way:
// 公众号 customer-service message, 企业微信 app message, 微信客服 send_msg.
import type Keyv from 'keyv'

export type OfficialChannelName = 'wechat-mp' | 'wecom' | 'wecom-kf'

export interface NoticeRoute {
  channel: OfficialChannelName
  conversationId: string
  /** 微信客服: the account the customer applied through. */
  openKfId?: string
}

export const NOTICE_ROUTES_NAMESPACE = 'wechat-official-routes'

/** An office may answer months after the application. */
const ROUTE_TTL_MS = 400 * 86_400_000

export interface NoticeRoutes {
  remember(userId: string, route: NoticeRoute): Promise<void>
  find(userId: string): Promise<NoticeRoute | undefined>
}

export function createNoticeRoutes(keyv: Keyv<NoticeRoute>): NoticeRoutes {
  return {
    remember: async (userId, route) => void (await keyv.set(userId, route, ROUTE_TTL_MS)),
    find: async (userId) => (await keyv.get(userId)) ?? undefined,
  }
}
