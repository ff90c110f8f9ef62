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

export type Truth = 'true' | 'false' | 'unknown'

export type LeafVerdict = 'held' | 'failed' | 'unknown'

/** Why a node came out as it did: the leaves that decided it (or would, once known). */
export interface Finding {
  leaf: Leaf
  verdict: LeafVerdict
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

function testLeaf(leaf: Leaf, value: unknown, asOf: string): { result: Truth; detail?: string } {
  if (value === undefined) return { result: 'unknown' }
  if ('is' in leaf) return { result: value === leaf.is ? 'true' : 'false' }
  if ('in' in leaf) return { result: leaf.in.includes(String(value)) ? 'true' : 'false' }
  const date = String(value)
  if (date > asOf) return { result: 'false', detail: `日期${date}晚于评估日期${asOf}` }
  const bound = leaf.monthsSince
  const limit = addMonths(date, 'below' in bound ? bound.below : bound.atMost)
  const held = 'below' in bound ? asOf < limit : asOf <= limit
  return { result: held ? 'true' : 'false', detail: `日期${date}，评估日期${asOf}` }
}

const unique = <T>(items: T[]) => [...new Set(items)]

/**
 * Evaluates a condition over a profile. Every node is evaluated (so the trace is complete), but findings and
 * missing follow the logic: an all() with a false child is false with nothing missing; an any() with a true
 * child is true with nothing missing.
 */
export function evaluateCondition(
  condition: Condition, profile: Profile, asOf: string, trace: TraceEntry[] = [], path = '0',
): Outcome {
  if (isLeaf(condition)) {
    const value = profile[condition.field]
    const { result, detail } = testLeaf(condition, value, asOf)
    trace.push({
      path, kind: 'leaf', result, field: condition.field, test: describeTest(condition),
      value: value === undefined ? null : value, describe: condition.describe, ...(detail ? { detail } : {}),
    })
    const verdict: LeafVerdict = result === 'true' ? 'held' : result === 'false' ? 'failed' : 'unknown'
    return {
      result,
      missing: result === 'unknown' ? [condition.field] : [],
      findings: [{ leaf: condition, verdict, ...(detail ? { detail } : {}) }],
    }
  }
  if ('not' in condition) {
    const entryIndex = trace.push({ path, kind: 'not', result: 'unknown' }) - 1
    const inner = evaluateCondition(condition.not, profile, asOf, trace, `${path}.0`)
    const result: Truth = inner.result === 'unknown' ? 'unknown' : inner.result === 'true' ? 'false' : 'true'
    trace[entryIndex].result = result
    return { result, missing: inner.missing, findings: inner.findings }
  }
  const kind = 'all' in condition ? 'all' : 'any'
  const children = 'all' in condition ? condition.all : condition.any
  const entryIndex = trace.push({ path, kind, result: 'unknown' }) - 1
  const outcomes = children.map((child, i) => evaluateCondition(child, profile, asOf, trace, `${path}.${i}`))
  // In all() a false child decides; in any() a true child does.
  const decisive: Truth = kind === 'all' ? 'false' : 'true'
  const deciders = outcomes.filter((o) => o.result === decisive)
  let outcome: Outcome
  if (deciders.length > 0) {
    outcome = { result: decisive, missing: [], findings: deciders.flatMap((o) => o.findings) }
  } else if (outcomes.some((o) => o.result === 'unknown')) {
    // Show what is known alongside what is not, so the reasons read as a whole.
    outcome = { result: 'unknown', missing: unique(outcomes.flatMap((o) => o.missing)), findings: outcomes.flatMap((o) => o.findings) }
  } else {
    outcome = { result: decisive === 'true' ? 'false' : 'true', missing: [], findings: outcomes.flatMap((o) => o.findings) }
  }
  trace[entryIndex].result = outcome.result
  return outcome
}
