// Help in forms: when the deterministic parsers cannot read a free-text answer, the model may propose values
// for the form's fields. Proposals only: each goes back through the field's own parser and validator.
// JSON mode with the method set explicitly (strict json_schema fails on DeepSeek); the prompt says "JSON"
// because some providers (DashScope) refuse JSON mode otherwise.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import { ChatPromptTemplate } from '@langchain/core/prompts'
import { z } from 'zod'
import type { Logger } from '../logger.js'
import { maskText } from '../privacy/mask.js'
import { projectPath } from '../paths.js'

const PROMPTS_DIR = projectPath('prompts')

export interface AssistField {
  id: string
  label: string
  /** Sensitive fields (ID, phone) are never sent to a model: the deterministic parsers read those. */
  sensitive?: 'id' | 'phone'
}

export interface FormAssistOptions {
  timeoutMs: number
  logger?: Logger
}

let template: ChatPromptTemplate | undefined
function formTemplate(): ChatPromptTemplate {
  template ??= ChatPromptTemplate.fromMessages(
    [
      ['system', readFileSync(path.join(PROMPTS_DIR, 'form-assist.system.md'), 'utf8').trim()],
      ['human', readFileSync(path.join(PROMPTS_DIR, 'form-assist.human.md'), 'utf8').trim()],
    ],
    { templateFormat: 'mustache' },
  )
  return template
}

/** Proposed raw values by field id (only fields the model found); {} on any failure. */
export async function proposeFieldValues(
  model: Pick<BaseChatModel, 'withStructuredOutput'>,
  fields: AssistField[],
  text: string,
  options: FormAssistOptions,
): Promise<Record<string, string>> {
  const offered = fields.filter((f) => !f.sensitive)
  if (offered.length === 0 || !text.trim()) return {}
  // Lenient on purpose: models leave out keys or write numbers; the field parsers judge the values anyway.
  const value = z.union([z.string(), z.number(), z.boolean()]).nullish()
  const schema = z.object(Object.fromEntries(offered.map((f) => [f.id, value])))
  const extractor = model.withStructuredOutput(schema, { name: 'form_fields', method: 'jsonMode' })
  const messages = await formTemplate().formatMessages({
    fields: offered.map((f) => `${f.id}：${f.label}`).join('\n'),
    text: maskText(text),
  })

  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  try {
    const result = await Promise.race([
      extractor.invoke(messages, { signal: controller.signal }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort()
          reject(new Error(`form assist took longer than ${options.timeoutMs} ms`))
        }, options.timeoutMs)
      }),
    ])
    // The fake and some real providers do not enforce the schema: check it here.
    const parsed = schema.safeParse(result)
    if (!parsed.success) throw new Error('form assist reply did not match the fields')
    const proposals: Record<string, string> = {}
    for (const [id, raw] of Object.entries(parsed.data)) {
      const text = raw === null || raw === undefined ? '' : String(raw).trim()
      // A masked value (***) is the model echoing what it was not given: never a proposal.
      if (text && !text.includes('*')) proposals[id] = text
    }
    return proposals
  } catch (err) {
    // OutputParserException (not JSON), timeouts, HTTP errors: the form simply asks again.
    options.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'form assist failed; no proposals')
    return {}
  } finally {
    clearTimeout(timer)
  }
}
