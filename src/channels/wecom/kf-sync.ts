// 微信客服: a callback only says "there is something new for this account" (kf_msg_or_event with a Token);
// the messages are fetched with sync_msg, page after page while has_more, from the cursor kept per open_kfid in
// the shared store (saved after each page, so a restart resumes where it was). One sync per open_kfid at a time,
// across instances (the shared lock); only customers' messages (origin 3) are answered.
import type Keyv from 'keyv'
import type { ConversationLock } from '../../conversation/keyed-mutex.js'
import type { Logger } from '../../logger.js'
import type { Dedup } from '../wechat-official/dedup.js'

export interface KfMessage {
  msgid: string
  open_kfid: string
  external_userid?: string
  origin: number
  msgtype: string
  text?: { content?: string }
  send_time?: number
}

export interface KfSyncDeps {
  syncPage(body: { cursor?: string; token?: string; open_kfid: string; limit: number }): Promise<{ next_cursor?: string; has_more?: number | boolean; msg_list?: KfMessage[] }>
  cursors: Keyv<string>
  lock: ConversationLock
  dedup: Dedup
  /** A page's new customer messages (each claimed once, across instances), in the order received. */
  onCustomerMessages(messages: KfMessage[]): void
  logger: Logger
}

export interface KfSync {
  /** Syncs the account now (a sync already running here runs once more after it). */
  trigger(openKfId: string, callbackToken?: string): Promise<void>
}

const PAGE = 1000

export function createKfSync(deps: KfSyncDeps): KfSync {
  const running = new Map<string, Promise<void>>()
  const again = new Map<string, string | undefined>()

  async function syncOnce(openKfId: string, token: string | undefined) {
    await deps.lock.run(`wecom-kf:${openKfId}`, async () => {
      let cursor = (await deps.cursors.get(openKfId)) ?? undefined
      for (let page = 0; page < 100; page++) {
        const result = await deps.syncPage({ cursor: cursor || undefined, token, open_kfid: openKfId, limit: PAGE })
        const fresh: KfMessage[] = []
        for (const message of result.msg_list ?? []) {
          if (message.origin !== 3 || !message.external_userid) continue
          if (await deps.dedup.claim(`kf:${message.msgid}`)) fresh.push(message)
        }
        if (fresh.length) deps.onCustomerMessages(fresh)
        if (result.next_cursor) {
          cursor = result.next_cursor
          await deps.cursors.set(openKfId, cursor)
        }
        if (!result.has_more) break
      }
    })
  }

  function trigger(openKfId: string, token?: string): Promise<void> {
    const current = running.get(openKfId)
    if (current) {
      again.set(openKfId, token)
      return current
    }
    const run = (async () => {
      let nextToken: string | undefined = token
      for (;;) {
        try {
          await syncOnce(openKfId, nextToken)
        } catch (error) {
          deps.logger.warn({ err: error, openKfId }, 'wecom-kf: sync failed')
        }
        if (!again.has(openKfId)) break
        nextToken = again.get(openKfId)
        again.delete(openKfId)
      }
    })().finally(() => running.delete(openKfId))
    running.set(openKfId, run)
    return run
  }

  return { trigger }
}
