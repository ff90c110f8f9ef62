// The shape every field parser shares: a pure function from what the user typed to a normalised value or a re-ask hint.

export type ParseResult<T = unknown> =
  | { ok: true; value: T; meta?: ParseMeta }
  | { ok: false; hint: string; reason?: string }

/** Extra facts about a parsed value that the value itself cannot carry. */
export interface ParseMeta {
  /** Dates: 'month' when the user gave only a year and month (the value is then the month's first day). */
  precision?: 'day' | 'month'
  /** Industry 'other', platform: the words the user actually used. */
  raw?: string
  /** Platform: the normalised platform beside the service named (美团众包 -> 美团). */
  normalized?: string
}

export interface ParseContext {
  /** Today as YYYY-MM-DD (Asia/Shanghai); defaults to the real date. Tests pin it. */
  today?: string
  /** Dates: refuse dates after today. */
  notFuture?: boolean
  /** Free text: length bounds in characters. */
  minLength?: number
  maxLength?: number
  /** Choice fields: the field's own options. */
  options?: ChoiceOption[]
}

export interface ChoiceOption {
  value: string
  label: string
  /** Everyday words that name this option (场租, 房租 for rent). */
  words: string[]
  /** Options this one stands for when all of them are named (both = pension + medical). */
  combines?: string[]
}

export type Parser<T = unknown> = (text: string, ctx?: ParseContext) => ParseResult<T>

/** Looks for this kind of value inside a longer message, only where it is unambiguous; null when there is none. */
export type Finder<T = unknown> = (text: string, ctx?: ParseContext) => { value: T; meta?: ParseMeta; start: number; end: number } | null

export function ok<T>(value: T, meta?: ParseMeta): ParseResult<T> {
  return meta ? { ok: true, value, meta } : { ok: true, value }
}

export function fail(hint: string, reason?: string): ParseResult<never> {
  return reason ? { ok: false, hint, reason } : { ok: false, hint }
}
