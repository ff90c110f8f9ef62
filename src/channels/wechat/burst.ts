// People type one question as several quick messages: wait a moment after each and hand them over together.

export interface BurstMerger<T> {
  /** Mergeable items wait for the window; any other item flushes what is waiting, then goes alone. */
  push(key: string, item: T, mergeable: boolean): void
  /** Hand over everything still waiting (on stop). */
  flushAll(): void
}

export function createBurstMerger<T>(windowMs: number, onFlush: (key: string, items: T[]) => void): BurstMerger<T> {
  const pending = new Map<string, { items: T[]; timer: NodeJS.Timeout; firstAt: number }>()
  const flush = (key: string) => {
    const entry = pending.get(key)
    if (!entry) return
    clearTimeout(entry.timer)
    pending.delete(key)
    onFlush(key, entry.items)
  }
  return {
    push(key, item, mergeable) {
      if (!mergeable) {
        flush(key)
        onFlush(key, [item])
        return
      }
      const entry = pending.get(key)
      if (entry) {
        clearTimeout(entry.timer)
        entry.items.push(item)
        // A steady trickle must not wait for ever: cap the wait at three windows from the first message.
        const wait = Math.max(0, Math.min(windowMs, entry.firstAt + 3 * windowMs - Date.now()))
        entry.timer = setTimeout(() => flush(key), wait)
      } else {
        pending.set(key, { items: [item], timer: setTimeout(() => flush(key), windowMs), firstAt: Date.now() })
      }
    },
    flushAll() {
      for (const key of [...pending.keys()]) flush(key)
    },
  }
}
