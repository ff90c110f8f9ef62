// Sending to WeChat: one part at a time, awaited, with a pause between parts (parts sent back to back can
// arrive out of order, and bursts get an account flagged); a failed send is retried with backoff.

export interface OutboundOptions {
  pauseMs: number
  retries: number
  retryBaseMs: number
  /** Never more than this many messages in a row to one chat. */
  maxInARow: number
  /** Least time between any two sends of the account, whatever the chat. */
  accountGapMs: number
}

export type Send = (text: string, index: number) => Promise<unknown>

export interface Outbound {
  /** Sends the parts in order; returns how many were sent. Throws when a part fails every retry. */
  sendParts(parts: string[], send: Send): Promise<number>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function createOutbound(options: OutboundOptions): Outbound {
  // The account as a whole is paced too: many chats answered at once must not become a burst of sends.
  let nextFreeAt = 0
  const paced = async (send: () => Promise<unknown>) => {
    const now = Date.now()
    const at = Math.max(now, nextFreeAt)
    nextFreeAt = at + options.accountGapMs
    if (at > now) await sleep(at - now)
    return send()
  }
  return {
    async sendParts(parts, send) {
      const toSend = parts.slice(0, options.maxInARow)
      for (const [index, part] of toSend.entries()) {
        if (index > 0 && options.pauseMs > 0) await sleep(options.pauseMs)
        await withRetry(() => paced(() => send(part, index)), options.retries, options.retryBaseMs)
      }
      return toSend.length
    },
  }
}

export async function withRetry<T>(task: () => Promise<T>, tries: number, baseMs: number): Promise<T> {
  let lastError: unknown
  for (let attempt = 0; attempt < tries; attempt++) {
    try {
      return await task()
    } catch (error) {
      lastError = error
      if (attempt < tries - 1) await sleep(baseMs * 2 ** attempt)
    }
  }
  throw lastError
}
