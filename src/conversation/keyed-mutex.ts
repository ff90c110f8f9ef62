// One conversation's messages are handled strictly one at a time and in arrival order; different
// conversations run in parallel. In-process; the Redis lock (scale-out) implements the same interface.

/**
 * The part of a turn that needs the conversation to itself: `read` fetches its state, and `work` runs on that
 * state before the lock is let go. Given separately so that the Redis lock can send the read with its lock
 * request (one round trip, not two): `read` may then be called before the lock is granted, and called again
 * once it is when the first request was refused. So it must only read, and in Redis mode use the lock's
 * connection (redis-lock.ts says why).
 */
export type Exclusive = <S, U>(read: () => Promise<S>, work: (state: S, fence?: Fence) => Promise<U>) => Promise<U>

/**
 * What `work` gets from a lock shared by instances (Redis mode): a session write given this fence lands only
 * while the lock is still the turn's, and lets it go in the same step (a lease that ran out while the turn
 * stalled must not let the turn overwrite what the next holder wrote). The write sets `released`; the lock
 * then has nothing left to let go. The in-process lock gives no fence: nothing else writes.
 */
export interface Fence {
  readonly lockKey: string
  readonly token: string
  released: boolean
}

/**
 * The conversation could not be had to itself: another instance's turn held it too long, or took it over from
 * this turn. The turn's changes to the conversation were not saved (an application it submitted keeps its
 * number, so the message sent again makes no second one); sending it again in a moment is safe. The HTTP API
 * answers 503 with Retry-After.
 */
export class ConversationBusyError extends Error {}

/** A fenced write found the lock gone to another turn (its lease ran out): nothing was written. */
export class LockLostError extends ConversationBusyError {
  constructor() {
    super('conversation lock lost before the turn could save: nothing saved')
    this.name = 'LockLostError'
  }
}

export interface ConversationLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>
  /**
   * Runs `task` in the conversation's order on this instance, without the lock shared by every instance; the
   * task takes that lock itself, for the part that needs it, by calling `exclusive`. So a turn that only reads
   * (a plain question) costs no lock round trips, and still never overtakes or is overtaken by this instance's
   * other turns of the conversation.
   */
  runOrdered<T>(key: string, task: (exclusive: Exclusive) => Promise<T>): Promise<T>
}

/** Runs `task` now; a synchronous throw becomes a rejected promise, as if it were async. */
export function startNow<T>(task: () => Promise<T>): Promise<T> {
  try {
    return task()
  } catch (err) {
    return Promise.reject(err)
  }
}

/** For a lock with nothing beyond this process: the local order is already exclusive. */
const alreadyExclusive: Exclusive = (read, work) => read().then(work)

export interface KeyedMutex extends ConversationLock {
  /** Resolves when every queued task has finished (the WeChat channel waits for it on stop). */
  idle(): Promise<void>
}

export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<unknown>>()

  function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key)
    // Nothing queued for this conversation: start now rather than a microtask later.
    const result = previous ? previous.then(task, task) : startNow(task)
    // Settles after the task, either way; forgets the key once nothing is queued behind this task, so the map
    // does not grow without bound.
    const tail: Promise<void> = result.then(forget, forget)
    function forget() {
      if (tails.get(key) === tail) tails.delete(key)
    }
    tails.set(key, tail)
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
