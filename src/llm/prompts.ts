// The answer prompt, kept as files under prompts/ and loaded with LangChain's prompt templates.
// Mustache, not f-string: a literal { in a source or a question must not break formatting.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ChatPromptTemplate } from '@langchain/core/prompts'
import { projectPath } from '../paths.js'

const DEFAULT_PROMPTS_DIR = projectPath('prompts')

export interface AnswerPrompt {
  /** Variables: question, sources. */
  template: ChatPromptTemplate
  /** The system text as sent, for the guard's check that an answer does not repeat it. */
  systemText: string
}

export function loadAnswerPrompt(dir = DEFAULT_PROMPTS_DIR): AnswerPrompt {
  const systemText = readFileSync(path.join(dir, 'answer.system.md'), 'utf8').trim()
  const humanText = readFileSync(path.join(dir, 'answer.human.md'), 'utf8').trim()
  // The rules are fixed text: a mustache tag in them would silently become an empty variable.
  if (systemText.includes('{{')) throw new Error('prompts/answer.system.md must not contain {{ (it takes no variables)')
  const template = ChatPromptTemplate.fromMessages(
    [
      ['system', systemText],
      ['human', humanText],
    ],
    { templateFormat: 'mustache' },
  )
  return { template, systemText }
}
