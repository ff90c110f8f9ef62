// Loads knowledge/programmes.yaml and refuses, loudly and by name, anything the evaluator could not honour.
import { shortNameOn } from './figures.js'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { parseKnowledgeYaml } from '../knowledge/yaml.js'
import type { z } from 'zod'
import { isProfileField, PROFILE_FIELDS } from './profile.js'
import { ProgrammeFileSchema } from './programmes.js'
import { leaves } from './rules.js'
import type { Programme } from './types.js'

export interface ProgrammeLoadOptions {
  /** Every valid section id; a source naming another fails. */
  sectionIds: Iterable<string>
  /** When given, every source quote must appear in its section's text (spacing ignored). */
  sectionText?: (sectionId: string) => string | undefined
  /** Another document's section text (for dated figures from a later notice); undefined when not loaded. */
  otherSectionText?: (documentId: string, sectionId: string) => string | undefined
  /** When given, a programme id outside this list fails (e.g. CONTRACT_PROGRAMME_IDS). */
  knownProgrammeIds?: readonly string[]
}

/** Spacing and Markdown emphasis differ between the raw and cleaned document; the words must not. */
const normalise = (text: string) => text.replace(/[\s*]/g, '')

function zodMessage(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
}

/** The document programmes.yaml rests on (its `document`). */
export function programmesDocument(file: string): string {
  const raw = parseKnowledgeYaml(readFileSync(file, 'utf8')) as { document?: unknown } | null
  if (typeof raw?.document !== 'string') throw new Error(`${basename(file)}: document: required (the id of the policy document the programmes rest on)`)
  return raw.document
}

export function parseProgrammes(text: string, options: ProgrammeLoadOptions, source = 'programmes.yaml'): Programme[] {
  const fail = (message: string): never => { throw new Error(`${source}: ${message}`) }
  let raw: unknown
  try {
    raw = parseKnowledgeYaml(text)
  } catch (e) {
    return fail(`not valid YAML: ${(e as Error).message}`)
  }
  const parsed = ProgrammeFileSchema.safeParse(raw)
  if (!parsed.success) return fail(zodMessage(parsed.error))

  const sectionIds = new Set(options.sectionIds)
  const seen = new Set<string>()
  return parsed.data.programmes.map((p) => {
    const where = `programme ${p.id}`
    if (seen.has(p.id)) fail(`${where} appears twice`)
    seen.add(p.id)
    if (options.knownProgrammeIds && !options.knownProgrammeIds.includes(p.id)) fail(`${where}: unknown programme id`)

    const quotes = p.sources.map((s) => normalise(s.quote))
    for (const s of p.sources) {
      if (!sectionIds.has(s.section)) fail(`${where}: unknown section id ${s.section}`)
      const sectionText = options.sectionText?.(s.section)
      if (options.sectionText && (sectionText === undefined || !normalise(sectionText).includes(normalise(s.quote)))) {
        fail(`${where}: quote not found verbatim in section ${s.section}: ${s.quote}`)
      }
    }
    const withinSources = (quote: string) => quotes.some((q) => q.includes(normalise(quote)))

    for (const leaf of leaves(p.rule)) {
      const field: string = leaf.field
      if (!isProfileField(field)) return fail(`${where}: rule field ${field} is not a profile field`)
      const kind = PROFILE_FIELDS[field]
      if ('is' in leaf && kind.kind !== 'boolean') fail(`${where}: ${field} is not a boolean field (use in: or monthsSince:)`)
      if ('in' in leaf) {
        if (kind.kind !== 'enum') fail(`${where}: ${field} is not an enum field`)
        else for (const v of leaf.in) if (!(kind.options as readonly string[]).includes(v)) fail(`${where}: ${field} has no value ${v} (allowed: ${kind.options.join(', ')})`)
      }
      if ('monthsSince' in leaf && kind.kind !== 'date') fail(`${where}: ${field} is not a date field`)
      if (!withinSources(leaf.quote)) fail(`${where}: condition "${leaf.describe}" quotes words not in its sources: ${leaf.quote}`)
    }

    if (p.further_conditions && !p.further_conditions_quote) fail(`${where}: further_conditions needs further_conditions_quote`)
    if (!p.further_conditions && p.further_conditions_quote) fail(`${where}: further_conditions_quote without further_conditions: true`)
    if (p.further_conditions_quote && !withinSources(p.further_conditions_quote)) {
      fail(`${where}: further_conditions_quote is not in its sources: ${p.further_conditions_quote}`)
    }

    const figures = p.figures ?? {}
    for (const text of [p.name, p.short ?? '']) {
      for (const [, key] of text.matchAll(/\{(\w+)\}/g)) if (!figures[key!]) fail(`${where}: {${key}} has no figures entry`)
    }
    for (const [key, values] of Object.entries(figures)) {
      values.forEach((f, i) => {
        if (i > 0 && f.from <= values[i - 1]!.from) fail(`${where}: figures.${key}: dates must run oldest first`)
        if (!f.quote.includes(f.value)) fail(`${where}: figures.${key}: the quote does not hold the value ${f.value}`)
        // The programmes' own document is checked here; another document's words when it is loaded (figuresCheck).
        const text = f.document ? options.otherSectionText?.(f.document, f.section) : options.sectionText?.(f.section)
        if (text !== undefined && !normalise(text).includes(normalise(f.quote))) fail(`${where}: figures.${key}: quote not found in section ${f.section}: ${f.quote}`)
        if (!f.document && options.sectionText && text === undefined) fail(`${where}: figures.${key}: unknown section id ${f.section}`)
      })
    }

    const programme: Programme = {
      id: p.id,
      name: p.name,
      short: p.short ?? p.name,
      ...(p.figures ? { figures: p.figures } : {}),
      ...(p.referral ? { referral: p.referral } : {}),
      sources: p.sources.map((s) => ({ section: s.section, quote: s.quote })),
      why: p.why,
      rule: p.rule,
      ...(p.further_conditions_quote ? { furtherConditions: { quote: p.further_conditions_quote } } : {}),
    }
    // The chat's one-line result holds a short name of at most 10 characters, on every day of its figures.
    for (const day of ['0000-00-00', ...Object.values(figures).flat().map((f) => f.from)]) {
      if (shortNameOn(programme, day).length > 10) fail(`${where}: short: more than 10 characters as of ${day}: ${shortNameOn(programme, day)}`)
    }
    return programme
  })
}

export function loadProgrammes(file: string, options: ProgrammeLoadOptions): Programme[] {
  return parseProgrammes(readFileSync(file, 'utf8'), options, basename(file))
}
