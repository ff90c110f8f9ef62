// The questions the assistant could not answer (out of scope, or answered with low confidence), grouped and
// counted: what maintainers should add to the knowledge base. Every channel records here, through the engine.
import { setBounded } from '../bounded.js'
import { createHash } from 'node:crypto'
import type Keyv from 'keyv'
import { createKeyedMutex, type ConversationLock } from './keyed-mutex.js'
import type { Channel } from './types.js'
import { maskText } from '../privacy/mask.js'

/** CONTRACT.md: unanswered (nothing answers it) | partial (the topic is covered, the asked detail is not) | flagged (an agent said so). */
export type GapReason = 'unanswered' | 'partial' | 'flagged'
export const GAP_REASONS: readonly GapReason[] = ['unanswered', 'partial', 'flagged']

/** The names the answerer used before (and entries stored with them) map onto the contract's. */
const LEGACY_REASONS: Record<string, GapReason> = { out_of_scope: 'unanswered', low_confidence: 'partial' }

export function gapReason(reason: string): GapReason {
  return (GAP_REASONS as readonly string[]).includes(reason) ? (reason as GapReason) : (LEGACY_REASONS[reason] ?? 'unanswered')
}

export interface GapRecord {
  question: string
  reason: GapReason | 'out_of_scope' | 'low_confidence'
  channel: Channel | string
  /** Retrieval's confidence 0..1, when known. */
  confidence?: number
  /** What the agent who flagged it wrote (masked when stored). */
  note?: string
}

/** How often, and when, a question was logged for one reason. */
export interface GapReasonCount {
  count: number
  firstAskedAt: string
  lastAskedAt: string
}

export interface Gap {
  /** The question, NFKC-normalised and trimmed (masked): what the group is shown as. */
  question: string
  /** The most recent wording asked, masked. */
  example: string
  count: number
  /** The reason given the last time it was asked. */
  reason: GapReason
  channels: string[]
  /** The confidence of the last time it was asked, when known. */
  confidence?: number
  firstAskedAt: string
  lastAskedAt: string
  /** The same question per reason (a question asked unanswered twice and flagged once has two). */
  reasons: Partial<Record<GapReason, GapReasonCount>>
  /** The agents' notes, newest last (masked, at most 5). */
  notes?: string[]
}

export interface GapLog {
  /** Resolves once this record (and any batched with it) is written. */
  record(gap: GapRecord): Promise<void>
  /** Writes what has been recorded but not yet written (call before closing the store). */
  flush(): Promise<void>
  /** Newest first. */
  list(options?: { limit?: number }): Promise<Gap[]>
  clear(): Promise<void>
}

export interface GapLogOptions {
  /** At most this many distinct questions are kept; the least recently asked go first. */
  maxQuestions?: number
  now?: () => Date
  /** How long records gather before they are written (default 250 ms; 0 writes each at once). */
  batchMs?: number
  /** With several instances (Redis), a shared lock serialises the read-modify-writes across them too. */
  lock?: ConversationLock
}

const INDEX_KEY = 'index'
const MAX_QUESTION_CHARS = 500
const MAX_NOTES = 5
const MAX_NOTE_CHARS = 500
const DEFAULT_MAX_QUESTIONS = 1000

/** The grouping key: NFKC, case-folded, without punctuation, symbols or spaces (吗？ and 吗 are one question). */
export function gapKey(question: string): string {
  return normaliseQuestion(question)
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]/gu, '')
}

/** NFKC, spaces collapsed, trimmed and capped: how a question is shown. */
export function normaliseQuestion(question: string): string {
  return question.normalize('NFKC').replace(/\s+/g, ' ').trim().slice(0, MAX_QUESTION_CHARS)
}

// Index: entry key -> lastAskedAt (ms). One small value, so listing and bounding need no store scan.
type Index = Record<string, number>

/** An entry written before reasons were counted (or with the old reason names) in today's shape. */
function upgrade(gap: Gap): Gap {
  const reason = gapReason(gap.reason)
  let reasons: Gap['reasons'] = {}
  if (gap.reasons && typeof gap.reasons === 'object') {
    for (const [name, r] of Object.entries(gap.reasons)) {
      if (!r) continue
      const key = gapReason(name)
      const before = reasons[key]
      reasons[key] = before ? { count: before.count + r.count, firstAskedAt: before.firstAskedAt < r.firstAskedAt ? before.firstAskedAt : r.firstAskedAt, lastAskedAt: before.lastAskedAt > r.lastAskedAt ? before.lastAskedAt : r.lastAskedAt } : { ...r }
    }
  } else {
    reasons = { [reason]: { count: gap.count, firstAskedAt: gap.firstAskedAt, lastAskedAt: gap.lastAskedAt } }
  }
  return { ...gap, reason, reasons }
}

export function createGapLog(keyv: Keyv, options: GapLogOptions = {}): GapLog {
  const maxQuestions = options.maxQuestions ?? DEFAULT_MAX_QUESTIONS
  const now = options.now ?? (() => new Date())
  const batchMs = options.batchMs ?? 250
  // Keyv has no compare-and-set: read-modify-writes of one key run one after another (across instances when a
  // shared lock is given, within this process otherwise).
  const lock = options.lock ?? createKeyedMutex()
  const serialised = <T>(key: string, work: () => Promise<T>): Promise<T> => lock.run(`gaps:${key}`, work)

  // Records are merged in memory and written in batches: under load one question asked a hundred times costs
  // one read-modify-write of its entry and one of the index per batch, not a hundred.
  interface Pending {
    shown: string
    example: string
    count: number
    reason: GapReason
    channels: Set<string>
    confidence?: number
    first: number
    last: number
    reasons: Map<GapReason, { count: number; first: number; last: number }>
    notes: string[]
  }
  const pending = new Map<string, Pending>()
  let flushing: Promise<void> | undefined

  async function writeEntry(entryKey: string, p: Pending): Promise<void> {
    await serialised(entryKey, async () => {
      const stored = (await keyv.get(entryKey)) as Gap | undefined
      const existing = stored ? upgrade(stored) : undefined
      const first = new Date(p.first).toISOString()
      const last = new Date(p.last).toISOString()
      const channels = [...new Set([...(existing?.channels ?? []), ...p.channels])]
      const gap: Gap = existing
        ? {
            ...existing,
            example: p.example,
            count: existing.count + p.count,
            reason: p.reason,
            channels,
            lastAskedAt: last > existing.lastAskedAt ? last : existing.lastAskedAt,
          }
        : { question: p.shown, example: p.example, count: p.count, reason: p.reason, channels, firstAskedAt: first, lastAskedAt: last, reasons: {} }
      if (typeof p.confidence === 'number' && Number.isFinite(p.confidence)) gap.confidence = p.confidence
      const reasons: Gap['reasons'] = { ...(existing?.reasons ?? {}) }
      for (const [reason, r] of p.reasons) {
        const before = reasons[reason]
        const rFirst = new Date(r.first).toISOString()
        const rLast = new Date(r.last).toISOString()
        reasons[reason] = before
          ? { count: before.count + r.count, firstAskedAt: before.firstAskedAt < rFirst ? before.firstAskedAt : rFirst, lastAskedAt: before.lastAskedAt > rLast ? before.lastAskedAt : rLast }
          : { count: r.count, firstAskedAt: rFirst, lastAskedAt: rLast }
      }
      gap.reasons = reasons
      const notes = [...(existing?.notes ?? []), ...p.notes].slice(-MAX_NOTES)
      if (notes.length) gap.notes = notes
      await keyv.set(entryKey, gap)
    })
  }

  async function touchIndex(touched: Array<[string, number]>): Promise<void> {
    await serialised(INDEX_KEY, async () => {
      const index: Index = ((await keyv.get(INDEX_KEY)) as Index | undefined) ?? {}
      for (const [entryKey, at] of touched) index[entryKey] = Math.max(index[entryKey] ?? 0, at)
      const keys = Object.keys(index)
      if (keys.length > maxQuestions) {
        const oldest = keys.sort((a, b) => index[a] - index[b]).slice(0, keys.length - maxQuestions)
        for (const k of oldest) delete index[k]
        await Promise.all(oldest.map((k) => serialised(k, () => keyv.delete(k))))
      }
      await keyv.set(INDEX_KEY, index)
    })
  }

  // A record waits up to batchMs for others to join its batch; list() and flush() write at once.
  let scheduled: { promise: Promise<void>; resolve: () => void; reject: (err: unknown) => void; handle: NodeJS.Timeout } | undefined

  function scheduleFlush(): Promise<void> {
    if (batchMs === 0) return flush()
    if (!scheduled) {
      let resolve!: () => void
      let reject!: (err: unknown) => void
      const promise = new Promise<void>((res, rej) => {
        resolve = res
        reject = rej
      })
      const handle = setTimeout(() => void flush().catch(() => undefined), batchMs)
      handle.unref() // the app's stop() flushes; a timer must not keep a process alive
      scheduled = { promise, resolve, reject, handle }
    }
    return scheduled.promise
  }

  /** Writes everything recorded so far. */
  function flush(): Promise<void> {
    const waiting = scheduled
    scheduled = undefined
    if (waiting) clearTimeout(waiting.handle)
    const done = writePending()
    if (waiting) done.then(waiting.resolve, waiting.reject)
    return done
  }

  /** Concurrent callers share one batch. */
  function writePending(): Promise<void> {
    if (flushing) return flushing.then(() => (pending.size ? writePending() : undefined))
    if (pending.size === 0) return Promise.resolve()
    flushing = (async () => {
      const batch = [...pending]
      pending.clear()
      await Promise.all(batch.map(([key, p]) => writeEntry(key, p)))
      await touchIndex(batch.map(([key, p]) => [key, p.last]))
    })().finally(() => {
      flushing = undefined
    })
    return flushing
  }

  // The same unanswered questions come again and again: their masked forms and keys are kept, not recomputed.
  const keysOf = new Map<string, { shown: string; example: string; entryKey: string | null }>()
  function keyOf(question: string) {
    let k = keysOf.get(question)
    if (!k) {
      const masked = maskText(question)
      const shown = normaliseQuestion(masked)
      // The wording as asked (masked, spaces collapsed), not NFKC-folded: maintainers see what users type.
      const example = masked.replace(/\s+/g, ' ').trim().slice(0, MAX_QUESTION_CHARS)
      const groupKey = gapKey(shown)
      const entryKey = groupKey ? 'q:' + createHash('sha256').update(groupKey).digest('hex').slice(0, 32) : null
      setBounded(keysOf, question, (k = { shown, example, entryKey }), maxQuestions)
    }
    return k
  }

  return {
    record({ question, reason: given, channel, confidence, note }) {
      const { shown, example, entryKey } = keyOf(question)
      if (!entryKey) return Promise.resolve()
      const reason = gapReason(given)
      const at = now().getTime()
      let p = pending.get(entryKey)
      if (p) {
        p.count += 1
        p.example = example
        p.reason = reason
        p.channels.add(channel)
        if (confidence !== undefined) p.confidence = confidence
        p.last = Math.max(p.last, at)
      } else {
        p = { shown, example, count: 1, reason, channels: new Set([channel]), confidence, first: at, last: at, reasons: new Map(), notes: [] }
        pending.set(entryKey, p)
      }
      const r = p.reasons.get(reason)
      if (r) {
        r.count += 1
        r.last = Math.max(r.last, at)
      } else p.reasons.set(reason, { count: 1, first: at, last: at })
      const cleanNote = typeof note === 'string' ? maskText(note).replace(/\s+/g, ' ').trim().slice(0, MAX_NOTE_CHARS) : ''
      if (cleanNote) p.notes.push(cleanNote)
      return scheduleFlush()
    },

    flush,

    async list({ limit = 50 } = {}) {
      await flush()
      const index: Index = ((await keyv.get(INDEX_KEY)) as Index | undefined) ?? {}
      const keys = Object.keys(index)
        .sort((a, b) => index[b] - index[a])
        .slice(0, Math.max(0, limit))
      if (keys.length === 0) return []
      const entries = (await keyv.getMany(keys)) as Array<Gap | undefined>
      return entries
        .filter((g): g is Gap => g !== undefined && g !== null)
        .map(upgrade)
        .sort((a, b) => b.lastAskedAt.localeCompare(a.lastAskedAt))
    },

    async clear() {
      await serialised(INDEX_KEY, async () => {
        const index: Index = ((await keyv.get(INDEX_KEY)) as Index | undefined) ?? {}
        await Promise.all(Object.keys(index).map((k) => serialised(k, () => keyv.delete(k))))
        await keyv.delete(INDEX_KEY)
      })
    },
  }
}
