// Masks for ID and phone numbers: used in every log line and every display except the webhook payload.

/** A masked ID or phone number as these masks write it (138****8000, 110***********002X). */
export const MASKED_NUMBER = /\d+\*{2,}[\dXx]+/g
// A value already masked (a redacted application's copy, shown again) stays as it is: masking it again would
// drop its stars and show a short, wrong-looking number (138****5678 -> 1385678).
const ALREADY_MASKED = new RegExp(MASKED_NUMBER.source)

/** 11010519491231002X -> 110***********002X */
export function maskIdNumber(id: string): string {
  if (ALREADY_MASKED.test(id)) return id
  if (id.length < 8) return '*'.repeat(id.length)
  return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4)
}

/** 13800138000 -> 138****8000 */
export function maskPhone(phone: string): string {
  if (ALREADY_MASKED.test(phone)) return phone
  const digits = phone.replace(/\D/g, '')
  if (digits.length < 7) return '*'.repeat(digits.length)
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4)
}

// An 18-character ID (last may be X), typed whole or in groups ("3302 0319 9001 0112 36", "330203-19900101-1236"),
// or a 15-digit old ID; and a mainland mobile with optional +86 and separators.
const ID_IN_TEXT = /(?<![0-9A-Za-z])\d(?:[ \t\u3000-]{0,3}\d){16}[ \t\u3000-]{0,3}[\dXx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)/g
const PHONE_IN_TEXT = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g
const FULLWIDTH_DIGITS = /[０-９Ｘｘ]/g

/** Masks every ID and phone number found anywhere in free text (full-width digits included). */
export function maskText(text: string): string {
  const halfWidth = text.replace(FULLWIDTH_DIGITS, (c) => c.normalize('NFKC'))
  return halfWidth
    .replace(ID_IN_TEXT, (m) => maskIdNumber(m.replace(/[ \t\u3000-]/g, '').toUpperCase()))
    .replace(PHONE_IN_TEXT, (m) => {
      const digits = m.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '')
      return maskPhone(digits)
    })
}

/** Deep copy of a value with every string masked: for logging objects that may hold personal data. */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return maskText(value) as T
  if (Array.isArray(value)) return value.map((v) => maskDeep(v)) as T
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v)
    return out as T
  }
  return value
}
