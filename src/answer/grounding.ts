// The grounding guard: code, not a second model call. A model-worded answer is used only if every section it
// cites was given to it, it cites at least one, every figure in it appears in the sections it cites, and it
// does not repeat its instructions. Anything else falls back to the extractive answer.
import { unsupportedFigures } from './figures.js'

export interface GroundingSource {
  /** Section id as shown to the model, e.g. "3.2". */
  id: string
  /** The text the model was given for it (title and body). */
  text: string
}

export type GroundingResult = { ok: true; usedIds: string[] } | { ok: false; reason: string }

// [3.2], [3.1, 3.2], 【3.2】, ［3.2］, [来源3.2], [第3.2节]: the forms models actually write. Ids go four levels deep
// (1.1.1.1), and a section whose id another document's section shares in the same prompt is shown as 2:1.1.
const ID = String.raw`(?:\d+:)?\d+(?:\.\d+)*`
const CITATION = new RegExp(String.raw`[[【［]\s*(?:来源|资料|出处|第)?\s*(${ID}(?:\s*(?:[,，、;；]|和|及)\s*${ID})*)\s*节?\s*[\]】］]`, 'g')

// Tell-tale phrases of a model talking about its own instructions rather than the policy. "如果你是一名骑手"
// is a fine answer, so "你是一个/一名" counts only when it goes on to name an assistant or a model.
const INSTRUCTION_PHRASES = [
  /system prompt|system message|my instructions|as an ai|language model/,
  /系统提示|提示词|系统指令|我的指令|我的规则|以上规则|上述规则|这些规则/,
  /你是一[个名位][^。，,.]{0,12}(助手|ai|人工智能|机器人|模型|assistant)/,
  /作为一?[个名]?(ai|人工智能|语言模型|智能助手)|我是(ai|人工智能|语言模型)/,
]
// A run this long shared with the system prompt is a copy, not a coincidence.
const ECHO_WINDOW = 14

/** The ids an answer cites, in order of first use. */
export function citedIds(answerText: string): string[] {
  const ids: string[] = []
  for (const m of answerText.matchAll(CITATION)) {
    for (const id of m[1]!.split(/\s*(?:[,，、;；]|和|及)\s*/)) if (!ids.includes(id)) ids.push(id)
  }
  return ids
}

/** The answer without its citation markers (and the space some models put before them). */
export function stripCitations(answerText: string): string {
  return answerText
    .replace(CITATION, '')
    .replace(/[ \t]+([，。；！？,.;!?\n])/g, '$1')
    .replace(/[ \t]+$/gm, '')
}

/** The answer without its citation markers and list numbering: what the figure check reads. */
export function stripMarkers(answerText: string): string {
  return stripCitations(answerText)
    .replace(/^\s*(?:\d{1,2}(?:\.(?!\d)|[、)）])|[(（]\d{1,2}[)）])\s*/gm, '')
}

export function check(answerText: string, sources: GroundingSource[], systemPrompt: string): GroundingResult {
  const text = answerText.trim()
  if (!text) return { ok: false, reason: 'empty' }

  const echo = instructionEcho(text, systemPrompt)
  if (echo) return { ok: false, reason: `echoes_instructions: ${echo}` }

  const usedIds = citedIds(text)
  if (usedIds.length === 0) return { ok: false, reason: 'no_citation' }
  const byId = new Map(sources.map((s) => [s.id, s]))
  const unknown = usedIds.filter((id) => !byId.has(id))
  if (unknown.length) return { ok: false, reason: `unknown_source: ${unknown.join(', ')}` }

  const citedText = usedIds.map((id) => byId.get(id)!.text).join('\n')
  const missing = unsupportedFigures(stripMarkers(text), citedText)
  if (missing.length) return { ok: false, reason: `unsupported_figure: ${missing.join(', ')}` }

  return { ok: true, usedIds }
}

function instructionEcho(answer: string, systemPrompt: string): string | null {
  const lower = answer.normalize('NFKC').toLowerCase()
  for (const pattern of INSTRUCTION_PHRASES) {
    const found = pattern.exec(lower)
    if (found) return found[0]
  }
  const squash = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '')
  const prompt = squash(systemPrompt)
  const body = squash(answer)
  if (prompt.length < ECHO_WINDOW) return null
  for (let i = 0; i + ECHO_WINDOW <= body.length; i++) {
    const window = body.slice(i, i + ECHO_WINDOW)
    if (prompt.includes(window)) return window
  }
  return null
}
