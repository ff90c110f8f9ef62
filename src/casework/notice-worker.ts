// Sends pushed notices (WeChat): claims due ones from the store with a lease, sends, records. A crash between the
// claim and the record leaves the lease to expire and the notice is sent again (at least once); a notice is marked
// sent right after the send returns, so a repeat needs a crash in that instant.
import { coalescedWake } from '../coalesced-wake.js'
import type { CaseStore, PushNotice } from './types.js'

/** Sends one notice; resolves false when this sender does not know the user (the next one for the channel is tried). */
export type NoticeSender = (userId: string, text: string) => Promise<void | false>

export interface NoticeWorkerOptions {
  store: CaseStore
  pollIntervalMs?: number
  leaseMs?: number
  retryBaseMs?: number
  maxTries?: number
  logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void }
}

export interface NoticeWorker {
  /**
   * Registers a sender for a channel and starts working. A channel may have several (the 公众号 and Wechaty both
   * serve 'wechat'): they are tried in the order registered until one knows the user.
   */
  addSender(channel: string, send: NoticeSender): void
  wake(): void
  stop(): Promise<void>
}

export function createNoticeWorker(options: NoticeWorkerOptions): NoticeWorker {
  const { store } = options
  const senders = new Map<string, NoticeSender[]>()
  const pollMs = options.pollIntervalMs ?? 5000
  const leaseMs = options.leaseMs ?? 60_000
  const retryBaseMs = options.retryBaseMs ?? 5000
  const maxTries = options.maxTries ?? 8
  let running = false
  let timer: NodeJS.Timeout | undefined
  const waking = coalescedWake(pump, () => running)
  const wake = waking.wake

  async function send(notice: PushNotice): Promise<void> {
    const candidates = senders.get(notice.channel) ?? []
    try {
      if (!candidates.length) throw new Error(`no sender for channel ${notice.channel}`)
      let sent = false
      for (const sender of candidates) if ((sent = (await sender(notice.userId, notice.text)) !== false)) break
      if (!sent) throw new Error(`no ${notice.channel} sender knows this user`)
      await store.markSent(notice.id, Date.now())
      options.logger?.info({ applicationId: notice.applicationId, channel: notice.channel }, 'case status: notice sent')
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const retryAt = notice.tries >= maxTries ? null : Date.now() + retryBaseMs * 2 ** (notice.tries - 1)
      await store.markFailed(notice.id, message, retryAt).catch(() => undefined)
      options.logger?.warn({ applicationId: notice.applicationId, err: message, retryAt }, 'case status: notice not sent')
    }
  }

  async function pump(): Promise<void> {
    if (timer) clearTimeout(timer)
    timer = undefined
    try {
      const due = await store.claimDue(Date.now(), 20, leaseMs)
      for (const notice of due) await send(notice)
      const next = due.length ? Date.now() : await store.nextDueAt()
      const wait = next === null ? pollMs : Math.min(Math.max(next - Date.now(), 10), pollMs)
      if (running) timer = setTimeout(wake, wait)
    } catch (error) {
      options.logger?.error({ err: error instanceof Error ? error.message : String(error) }, 'case status: notice outbox read failed')
      if (running) timer = setTimeout(wake, pollMs)
    }
  }

  return {
    addSender(channel, sender) {
      senders.set(channel, [...(senders.get(channel) ?? []), sender])
      running = true
      wake()
    },
    wake,
    async stop() {
      running = false
      if (timer) clearTimeout(timer)
      timer = undefined
      await waking.settled()
    },
  }
}
