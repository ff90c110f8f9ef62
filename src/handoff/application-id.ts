// Reference numbers users read out over the phone: 'A' + 8 Crockford base32 characters (40 random bits).
// Crockford's alphabet has no I, L, O or U, so nothing is ambiguous when spoken or handwritten.
import { randomBytes } from 'node:crypto'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const APPLICATION_ID_PATTERN = /^A[0-9A-HJKMNP-TV-Z]{8}$/

/** A fresh id such as A7K3M9Q2T. */
export function newApplicationId(): string {
  const bytes = randomBytes(5)
  let bits = 0n
  for (const b of bytes) bits = (bits << 8n) | BigInt(b)
  let out = ''
  for (let i = 7; i >= 0; i--) out += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)]
  return 'A' + out
}

/** What someone typed or read out (a7k3-m9q2t, AOL…) -> the canonical id, per Crockford's decoding rules. */
export function normalizeApplicationId(input: string): string {
  const compact = input.normalize('NFKC').trim().toUpperCase().replace(/[\s-]/g, '')
  if (compact.length !== 9 || compact[0] !== 'A') return compact
  return 'A' + compact.slice(1).replace(/O/g, '0').replace(/[IL]/g, '1')
}
