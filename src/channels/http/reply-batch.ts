// The fast path's replies leave together, at the end of the event loop's turn (the check phase), in the order
// they were made. Why: a reply that reaches a client asleep in epoll wakes it, and on this VM the wake-up is
// about half of what a send costs (perf: the kernel's sock_def_readable, ending in a paravirtual
// interrupt-enable, 8.6 to 11.3 % of the server's CPU; docs/performance.md, lesson 1; measured in its git history). Under load one turn of the
// loop reads many requests; their replies sent back to back wake the client (a balancer in production, the load
// generator in the bench) once per burst instead of once per reply. Netty's FlushConsolidationHandler does the
// same for its flushes. A quiet server's reply leaves at the end of the turn that made it, microseconds later;
// one made in the check phase itself (a form turn's in SQLite mode, whose group commit runs there too) leaves at
// the end of the next turn.
import type { ServerResponse } from 'node:http'

export interface ReplyBatch {
  /** Ends `res` with `body` at the end of this turn of the loop (its head is already written). */
  end(res: ServerResponse, body: Buffer): void
}

/** `onError` hears of a reply that could not be sent (its response is then destroyed, not left open). */
export function createReplyBatch(onError: (err: unknown, res: ServerResponse) => void): ReplyBatch {
  let held: Array<{ res: ServerResponse; body: Buffer }> = []

  function flush(): void {
    const replies = held
    held = []
    for (const { res, body } of replies) {
      // One reply that cannot be sent must not keep the others back, nor leave its client waiting.
      try {
        res.end(body)
      } catch (err) {
        res.destroy()
        try {
          onError(err, res)
        } catch {
          // a failing report must not cost the rest of the batch either
        }
      }
    }
  }

  return {
    end(res, body) {
      if (held.push({ res, body }) === 1) setImmediate(flush)
    },
  }
}
