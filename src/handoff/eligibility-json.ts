// An application's eligibility results as the stores keep them: their JSON and its content hash. At about 15 KB
// they are most of an application, and they repeat: every applicant who told us the same facts on the same day
// gets the same results (eligibility/remembered.ts hands out one frozen array for them). So a store keeps each
// distinct JSON once, under its hash, and the application refers to it; and a frozen array is serialised once.
import { createHash } from 'node:crypto'

export interface StoredResults {
  json: string
  hash: string
}

const serialised = new WeakMap<object, StoredResults>()

export function storedResults(results: readonly unknown[]): StoredResults {
  const known = serialised.get(results)
  if (known) return known
  const json = JSON.stringify(results)
  const stored = { json, hash: createHash('sha256').update(json).digest('base64url') }
  // Only a frozen array is remembered: any other could be changed after this call.
  if (Object.isFrozen(results)) serialised.set(results, stored)
  return stored
}
