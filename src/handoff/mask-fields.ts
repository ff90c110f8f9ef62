// How an application's fields look anywhere but the webhook body: operator lists, the CLI, and after
// 删除我的信息. ID and phone are masked, names keep only their first character, free text is masked.
import { maskDeep, maskIdNumber, maskPhone, maskText } from '../privacy/mask.js'

const NAME_KEYS = new Set(['name', 'contactName', 'fullName'])
const PHONE_KEYS = new Set(['phone', 'mobile', 'contactPhone'])
const ID_KEYS = new Set(['idNumber', 'idCard'])
/** Free text the user typed: may hold anything personal, so it is dropped on redaction. */
const FREE_TEXT_KEYS = new Set(['description', 'note', 'notes'])

/** 张三 -> 张*, 欧阳娜娜 -> 欧***: enough for an operator to match a caller, not enough to identify. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return chars.length ? '*' : ''
  return chars[0] + '*'.repeat(chars.length - 1)
}

function maskField(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return maskDeep(value)
  if (NAME_KEYS.has(key)) return maskName(value)
  if (PHONE_KEYS.has(key)) return maskPhone(value)
  if (ID_KEYS.has(key)) return maskIdNumber(value)
  return maskText(value)
}

/** For display: every field masked as above. */
export function maskApplicationFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) out[key] = maskField(key, value)
  return out
}

/** For storage after 删除我的信息: like the display mask, and free text removed altogether. */
export function redactApplicationFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out = maskApplicationFields(fields)
  // xxxDetail is the worker's own words behind a category (industryDetail): free text too.
  for (const key of Object.keys(out)) if (FREE_TEXT_KEYS.has(key) || key.endsWith('Detail')) out[key] = '[已删除]'
  return out
}
