// What every application store refuses before writing: a record that could not be delivered as the contract says.
import type { ApplicationRecord } from './types.js'

export function checkRecord(record: ApplicationRecord): void {
  for (const key of ['id', 'form', 'channel', 'userId', 'policyVersion', 'submittedAt'] as const) {
    if (typeof record[key] !== 'string' || record[key] === '') throw new TypeError(`application ${key} must be a non-empty string`)
  }
  if (Number.isNaN(Date.parse(record.submittedAt))) throw new TypeError('application submittedAt must be ISO-8601')
  if (!record.fields || typeof record.fields !== 'object' || Array.isArray(record.fields)) {
    throw new TypeError('application fields must be an object')
  }
  if (!Array.isArray(record.eligibility)) throw new TypeError('application eligibility must be an array')
}
