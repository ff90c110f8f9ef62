// One chat's messages are handled one at a time and in order; different chats run side by side.

export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>
  /** Resolves when every queued task has finished. */
  idle(): Promise<void>
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>()
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve()
      const result = previous.then(task, task)
      const tail = result.catch(() => undefined)
      tails.set(key, tail)
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key)
      })
      return result
    },
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()])
    },
  }
}
