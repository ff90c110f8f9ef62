// What a store returns for an application it has just created: exactly its record, pending, owed now. Both
// stores build it instead of reading the application back (and parsing its results again).
import type { ApplicationRecord, StoredApplication } from './types.js'

export function owedNow(record: ApplicationRecord, now: number): StoredApplication {
  return {
    ...record,
    status: 'pending',
    tries: 0,
    lastError: null,
    lastStatusCode: null,
    nextAttemptAt: new Date(now).toISOString(),
    deliveredAt: null,
    redactedAt: null,
  }
}
