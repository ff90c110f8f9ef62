// The rule language programmes are written in: all / any / not over leaf tests of one profile field each.
// Evaluation is three-valued (true, false, unknown) so a result can say exactly which missing facts would decide it.
import { z } from 'zod'
import { addMonths } from './dates.js'
import type { Profile, ProfileField } from './profile.js'

interface LeafBase {
  field: ProfileField
  /** What the test checks, in plain Chinese, e.g. "在宁波创业". */
  describe: string
  /** The document's words the test rests on, verbatim. */
  quote: string
  /**
   * What a failed test means. By default the document excludes the case (初创5年内 and the business is older).
   * `not_covered`: the words name a group (本市户籍, 灵活就业人员) and the document is silent on everyone else.
   */
  otherwise?: 'not_covered'
}
export interface IsLeaf extends LeafBase { is: boolean }
export interface InLeaf extends LeafBase { in: string[] }
/**
 * Months from the field's date to the evaluation date: `below: n` holds while asOf is before the date's
 * n-month anniversary, `atMost: n` holds up to and including that anniversary. A date after asOf never holds.
 */
export interface MonthsSinceLeaf extends LeafBase { monthsSince: { below: number } | { atMost: number } }
export type Leaf = IsLeaf | InLeaf | MonthsSinceLeaf
export type Condition = Leaf | { all: Condition[] } | { any: Condition[] } | { not: Condition }

const leafBase = {
  field: z.string().min(1),
  describe: z.string().min(1),
  quote: z.string().min(1),
  otherwise: z.literal('not_covered').optional(),
}
const months = z.number().int().positive()

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() => z.union([
  z.strictObject({ all: z.array(ConditionSchema).min(1) }),
  z.strictObject({ any: z.array(ConditionSchema).min(1) }),
  z.strictObject({ not: ConditionSchema }),
  z.strictObject({ ...leafBase, is: z.boolean() }),
  z.strictObject({ ...leafBase, in: z.array(z.string().min(1)).min(1) }),
  z.strictObject({
    ...leafBase,
    monthsSince: z.union([z.strictObject({ below: months }), z.strictObject({ atMost: months })]),
  }),
])) as z.ZodType<Condition>

export const isLeaf = (c: Condition): c is Leaf => 'field' in c

/** Every leaf of a condition tree, depth first. */
export function leaves(condition: Condition): Leaf[] {
  if (isLeaf(condition)) return [condition]
  if ('all' in condition) return condition.all.flatMap(leaves)
  if ('any' in condition) return condition.any.flatMap(leaves)
  return leaves(condition.not)
}

/** 'silent': the document speaks of other people and says nothing of this case (status not_covered). */
export type Definite = 'true' | 'false' | 'silent'
export type Truth = Definite | 'unknown'

export type LeafVerdict = 'held' | 'failed' | 'silent' | 'unknown'

/** Why a node came out as it did: the leaves that decided it (or would, once known). */
export interface Finding {
  leaf: Leaf
  verdict: LeafVerdict
  /** The profile's value the leaf tested (absent when unknown). */
  value?: unknown
  /** Extra detail for the reason, e.g. the dates compared. */
  detail?: string
}

export interface TraceEntry {
  /** Position in the tree: "0" the root, "0.1" its second child, … */
  path: string
  kind: 'all' | 'any' | 'not' | 'leaf'
  result: Truth
  field?: ProfileField
  /** The test, e.g. "in [ningbo]", "is true", "monthsSince atMost 60". */
  test?: string
  /** The profile's value (null when unknown). */
  value?: string | boolean | null
  describe?: string
  detail?: string
}

export interface Outcome {
  result: Truth
  /** Unknown fields that would decide this node, in first-seen order (empty unless result is unknown). */
  missing: ProfileField[]
  findings: Finding[]
}

function describeTest(leaf: Leaf): string {
  if ('is' in leaf) return `is ${leaf.is}`
  if ('in' in leaf) return `in [${leaf.in.join(', ')}]`
  const bound = leaf.monthsSince
  return 'below' in bound ? `monthsSince below ${bound.below}` : `monthsSince atMost ${bound.atMost}`
}

function testLeaf(leaf: Leaf, value: unknown, asOf: string): { held: boolean | undefined; detail?: string } {
  if (value === undefined) return { held: undefined }
  if ('is' in leaf) return { held: value === leaf.is }
  if ('in' in leaf) return { held: leaf.in.includes(String(value)) }
  const date = String(value)
  if (date > asOf) return { held: false, detail: `日期${date}晚于评估日期${asOf}` }
  const bound = leaf.monthsSince
  const limit = addMonths(date, 'below' in bound ? bound.below : bound.atMost)
  const held = 'below' in bound ? asOf < limit : asOf <= limit
  return { held, detail: `日期${date}，评估日期${asOf}` }
}

const unique = <T>(items: T[]) => [...new Set(items)]

// The order in which a child's result decides its parent. all(): an exclusion, then silence (a group the
// document does not speak of: whether another condition also fails no longer matters, so it is not asked),
// then an unknown. any(): a way in, then an unknown (it may still open a way), then silence.
const ALL_ORDER: Truth[] = ['false', 'silent', 'unknown', 'true']
const ANY_ORDER: Truth[] = ['true', 'unknown', 'silent', 'false']
const NOT: Record<Truth, Truth> = { true: 'false', false: 'true', silent: 'silent', unknown: 'unknown' }

/**
 * Evaluates a condition over a profile, four-valued: true, false (excluded), silent (not covered) or unknown.
 * Every node is evaluated (so the trace is complete); findings and missing follow the logic: an all() with an
 * excluded child is false with nothing missing; an any() with a true child is true with nothing missing.
 */
export function evaluateCondition(
  condition: Condition, profile: Profile, asOf: string, trace: TraceEntry[] = [], path = '0',
): Outcome {
  if (isLeaf(condition)) {
    const value = profile[condition.field]
    const failed: Definite = condition.otherwise === 'not_covered' ? 'silent' : 'false'
    const { held, detail } = testLeaf(condition, value, asOf)
    const result: Truth = held === undefined ? 'unknown' : held ? 'true' : failed
    trace.push({
      path, kind: 'leaf', result, field: condition.field, test: describeTest(condition),
      value: value === undefined ? null : value, describe: condition.describe, ...(detail ? { detail } : {}),
    })
    const verdict: LeafVerdict = held === undefined ? 'unknown' : held ? 'held' : failed === 'silent' ? 'silent' : 'failed'
    return {
      result,
      missing: result === 'unknown' ? [condition.field] : [],
      findings: [{ leaf: condition, verdict, ...(value === undefined ? {} : { value }), ...(detail ? { detail } : {}) }],
    }
  }
  if ('not' in condition) {
    const entryIndex = trace.push({ path, kind: 'not', result: 'unknown' }) - 1
    const inner = evaluateCondition(condition.not, profile, asOf, trace, `${path}.0`)
    const result = NOT[inner.result]
    trace[entryIndex].result = result
    return { result, missing: inner.missing, findings: inner.findings }
  }
  const kind = 'all' in condition ? 'all' : 'any'
  const children = 'all' in condition ? condition.all : condition.any
  const entryIndex = trace.push({ path, kind, result: 'unknown' }) - 1
  const outcomes = children.map((child, i) => evaluateCondition(child, profile, asOf, trace, `${path}.${i}`))
  const order = kind === 'all' ? ALL_ORDER : ANY_ORDER
  const result = order.find((r) => outcomes.some((o) => o.result === r)) ?? 'true'
  let findings: Finding[]
  if (result === 'unknown') {
    // Show what is known alongside what is not, so the reasons read as a whole.
    findings = outcomes.flatMap((o) => o.findings)
  } else if (kind === 'any' && result === 'true') {
    findings = outcomes.filter((o) => o.result === 'true').flatMap((o) => o.findings)
  } else if (kind === 'all' && result !== 'true') {
    // What decided it, with what held beside it (网约车司机 held, 专职 failed): the reason names the real cause.
    findings = outcomes.filter((o) => o.result === result || o.result === 'true').flatMap((o) => o.findings)
  } else {
    findings = outcomes.flatMap((o) => o.findings)
  }
  const missing = result === 'unknown' ? unique(outcomes.filter((o) => o.result === 'unknown').flatMap((o) => o.missing)) : []
  trace[entryIndex].result = result
  return { result, missing, findings }
}
