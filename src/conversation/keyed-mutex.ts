// One conversation's messages are handled strictly one at a time and in arrival order; different
// conversations run in parallel. In-process; the Redis lock (scale-out) implements the same interface.

export interface ConversationLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>
  /**
   * Runs `task` in the conversation's order on this instance, without the lock shared by every instance; the
   * task takes that lock itself, for the part that needs it, by calling `exclusive`. So a turn that only reads
   * (a plain question) costs no lock round trips, and still never overtakes or is overtaken by this instance's
   * other turns of the conversation.
   */
  runOrdered<T>(key: string, task: (exclusive: <U>(work: () => Promise<U>) => Promise<U>) => Promise<T>): Promise<T>
}

/** For a lock with nothing beyond this process: the local order is already exclusive. */
const alreadyExclusive = <U>(work: () => Promise<U>): Promise<U> => work()

export interface KeyedMutex extends ConversationLock {
  /** Resolves when every queued task has finished (the WeChat channel waits for it on stop). */
  idle(): Promise<void>
}

export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<unknown>>()

  function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve()
    const result = previous.then(task, task)
    const tail = result.catch(() => undefined)
    tails.set(key, tail)
    // Forget the key once nothing is queued behind this task, so the map does not grow without bound.
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key)
    })
    return result
  }

  return {
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()])
    },
    run,
    runOrdered: (key, task) => run(key, () => task(alreadyExclusive)),
  }
}
