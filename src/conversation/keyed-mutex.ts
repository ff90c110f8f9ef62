// One conversation's messages are handled strictly one at a time and in arrival order; different
// conversations run in parallel. In-process; the Redis lock (scale-out) implements the same interface.

export interface ConversationLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>
}

export interface KeyedMutex extends ConversationLock {
  /** Resolves when every queued task has finished (the WeChat channel waits for it on stop). */
  idle(): Promise<void>
}

export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<unknown>>()
  return {
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()])
    },
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve()
      const result = previous.then(task, task)
      const tail = result.catch(() => undefined)
      tails.set(key, tail)
      // Forget the key once nothing is queued behind this task, so the map does not grow without bound.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key)
      })
      return result
    },
  }
}
