// Reference numbers users read out over the phone: 'A' + 8 Crockford base32 characters (40 random bits).
// Crockford's alphabet has no I, L, O or U, so nothing is ambiguous when spoken or handwritten.
import { randomFillSync } from 'node:crypto'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const APPLICATION_ID_PATTERN = /^A[0-9A-HJKMNP-TV-Z]{8}$/

// Random bytes drawn in blocks (one system call per 64 ids, not one per id), 5 per id.
const pool = Buffer.alloc(5 * 64)
let used = pool.length

/** A fresh id such as A7K3M9Q2T. */
export function newApplicationId(): string {
  if (used === pool.length) {
    randomFillSync(pool)
    used = 0
  }
  // 40 bits as two whole numbers (JavaScript's bit operators stop at 32): the high 8 and the low 32.
  let high = pool[used]
  let low = pool.readUInt32BE(used + 1)
  used += 5
  let out = ''
  for (let i = 0; i < 8; i++) {
    out = CROCKFORD[low & 31] + out
    low = (low >>> 5) | ((high & 31) << 27)
    high >>>= 5
  }
  return 'A' + out
}

/** What someone typed or read out (a7k3-m9q2t, AOL…) -> the canonical id, per Crockford's decoding rules. */
export function normalizeApplicationId(input: string): string {
  const compact = input.normalize('NFKC').trim().toUpperCase().replace(/[\s-]/g, '')
  if (compact.length !== 9 || compact[0] !== 'A') return compact
  return 'A' + compact.slice(1).replace(/O/g, '0').replace(/[IL]/g, '1')
}
