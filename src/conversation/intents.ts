// Recognises the engine's own commands (knowledge/intents.yaml): data, not code, so wording can grow freely.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseKnowledgeYaml } from '../knowledge/yaml.js'
import { z } from 'zod'
import { compact, rememberLast } from '../intake/parsers/text.js'

export const INTENTS = ['deleteData', 'reset', 'help', 'greeting', 'thanks', 'ack', 'eligibility', 'status', 'skip'] as const
export type Intent = (typeof INTENTS)[number]

const phrases = z.object({ exact: z.array(z.string()).default([]), contains: z.array(z.string()).default([]) })
const fileSchema = z.object({ intents: z.object(Object.fromEntries(INTENTS.map((i) => [i, phrases])) as Record<Intent, typeof phrases>) })

export interface IntentMatcher {
  /** True when the message is (or, for `contains` phrases, holds) the intent. */
  is(intent: Intent, text: string): boolean
}

// 👌, 👍🙏 or WeChat's own [强][抱拳]: a nod, not a question.
const ONLY_EMOJI = /^(?:\[[^[\]\s]{1,4}\]|\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|\u200D|\s)+$/u
// Not nods: a question or exclamation mark drawn as emoji, ©, and the text WeChat shows for media.
const NOT_A_NOD = /[❓❔‼⁉©®™]|\[(?:图片|语音|视频|文件|动画表情|表情|链接|位置|名片|红包|转账)\]/u

const bare = (text: string) => compact(text).replace(/[\s,，。.!！~～]+/g, '')

export function loadIntents(dir: string): IntentMatcher {
  const parsed = fileSchema.safeParse(parseKnowledgeYaml(readFileSync(join(dir, 'intents.yaml'), 'utf8')))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`knowledge/intents.yaml: ${issue.path.join('.')}: ${issue.message}`)
  }
  const table = Object.fromEntries(
    INTENTS.map((i) => {
      const p = parsed.data.intents[i]
      return [i, { exact: new Set(p.exact.map(bare)), contains: p.contains.map(bare) }]
    }),
  ) as Record<Intent, { exact: Set<string>; contains: string[] }>
  // A turn asks about several intents of the same text: its bare form is computed once.
  const bareOf = rememberLast(bare)
  return {
    is(intent, text) {
      if (intent === 'ack' && ONLY_EMOJI.test(text) && !NOT_A_NOD.test(text)) return true
      const t = bareOf(text)
      if (!t && intent !== 'help') return false
      const entry = table[intent]
      return entry.exact.has(t) || entry.contains.some((p) => t.includes(p))
    },
  }
}
