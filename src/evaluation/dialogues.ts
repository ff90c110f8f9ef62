// Scores multi-turn conversations (the format of test/fixtures/dialogues.dev.json): each dialogue is sent turn
// by turn through a chat function with one fresh user; each checked turn's expectations are tested on that
// turn's replies joined. Scores per turn and per kind.
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { REFUSAL_MARK } from '../answer/extractive.js'

const expectSchema = z.object({
  refused: z.boolean().optional(),
  facts: z.array(z.array(z.string()).min(1)).optional(),
  form: z.string().nullable().optional(),
  notAsked: z.string().optional(),
  maxChars: z.number().int().positive().optional(),
  english: z.boolean().optional(),
})
const turnSchema = z.object({ say: z.string(), before: z.boolean().optional(), expect: expectSchema.nullish() })
const dialogueSchema = z.object({ id: z.string(), kind: z.string(), turns: z.array(turnSchema).min(1) })
const fileSchema = z.object({ about: z.string().optional(), dialogues: z.array(dialogueSchema).min(1) })

export type Dialogue = z.output<typeof dialogueSchema>
export type TurnExpectation = z.output<typeof expectSchema>

/** What one chat turn gave back (the /api/chat shape, the parts the checks read). */
export interface ChatTurn {
  replies: string[]
  awaiting: string | null
  form: string | null
}

export type Chat = (userId: string, text: string) => Promise<ChatTurn>

export interface DialogueScores {
  turns: number
  passed: number
  byKind: Map<string, { turns: number; passed: number }>
  failures: Array<{ dialogue: string; kind: string; say: string; problems: string[]; reply: string }>
}

export function isDialogueFile(file: string): boolean {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  return Array.isArray(raw.dialogues)
}

export function loadDialogues(file: string): Dialogue[] {
  return fileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).dialogues
}

const compact = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase()
/** An English sentence: four or more Latin words in a row. */
const ENGLISH_SENTENCE = /[A-Za-z]+(?:[\s,'’-]+[A-Za-z]+){3,}/

/** The problems of one turn's reply against what was expected (empty: it passed). */
export function checkTurn(expect: TurnExpectation, turn: ChatTurn): string[] {
  const text = turn.replies.join('\n')
  const problems: string[] = []
  const refused = text.includes(REFUSAL_MARK)
  if (expect.refused !== undefined && expect.refused !== refused) problems.push(expect.refused ? 'not refused' : 'refused')
  for (const alternatives of expect.facts ?? []) {
    if (!alternatives.some((f) => compact(text).includes(compact(f)))) problems.push(`missing ${alternatives.join('/')}`)
  }
  if (expect.form !== undefined && expect.form !== turn.form) problems.push(`form ${turn.form}, expected ${expect.form}`)
  if (expect.notAsked && turn.awaiting === expect.notAsked) problems.push(`asked for ${expect.notAsked} again`)
  if (expect.maxChars && text.length > expect.maxChars) problems.push(`${text.length} chars > ${expect.maxChars}`)
  if (expect.english && !ENGLISH_SENTENCE.test(text)) problems.push('no English sentence')
  return problems
}

export async function scoreDialogues(chat: Chat, dialogues: Dialogue[], userPrefix = 'eval'): Promise<DialogueScores> {
  const scores: DialogueScores = { turns: 0, passed: 0, byKind: new Map(), failures: [] }
  for (const [n, dialogue] of dialogues.entries()) {
    const userId = `${userPrefix}-${n}-${dialogue.id}`
    for (const turn of dialogue.turns) {
      const result = await chat(userId, turn.say)
      if (turn.before || !turn.expect) continue
      const problems = checkTurn(turn.expect, result)
      const kind = scores.byKind.get(dialogue.kind) ?? { turns: 0, passed: 0 }
      kind.turns++
      scores.turns++
      if (problems.length === 0) {
        kind.passed++
        scores.passed++
      } else {
        scores.failures.push({ dialogue: dialogue.id, kind: dialogue.kind, say: turn.say, problems, reply: result.replies.join('\n') })
      }
      scores.byKind.set(dialogue.kind, kind)
    }
  }
  return scores
}
