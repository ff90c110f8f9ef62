// Builds the LLM phraser from configuration: none without OPENAI_API_KEY (extractive mode), otherwise the
// model, its answer cache and its circuit breaker, ready to hand to createAnswerer({ phraser }).
import type Keyv from 'keyv'
import { createAnswerCache } from '../answer/answer-cache.js'
import type { AnswerTexts } from '../answer/extractive.js'
import { createLlmAnswerer, type LlmAnswerer } from '../answer/llm-answerer.js'
import type { Answer } from '../answer/types.js'
import type { Config } from '../config.js'
import type { KnowledgeBase } from '../knowledge/types.js'
import type { Logger } from '../logger.js'
import { createChatModel } from './model.js'

export interface LlmPhraserDeps {
  config: Config
  kb: KnowledgeBase
  /** Where grounded answers are cached (sqliteKeyv(db, 'answers').keyv, or a Redis Keyv). */
  cacheKeyv?: Keyv<Answer>
  texts?: AnswerTexts
  logger: Logger
}

export function createLlmPhraser({ config, kb, cacheKeyv, texts, logger }: LlmPhraserDeps): LlmAnswerer | null {
  const model = createChatModel(config)
  if (!model) return null
  logger.info({ model: config.OPENAI_MODEL, baseURL: config.OPENAI_BASE_URL ?? 'https://api.openai.com/v1' }, 'answers worded by a model (llm mode)')
  return createLlmAnswerer({
    model,
    logger,
    cache: cacheKeyv ? createAnswerCache(cacheKeyv) : null,
    kb,
    texts,
    modelName: config.OPENAI_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
  })
}
