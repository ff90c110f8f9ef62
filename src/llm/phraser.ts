// Builds the LLM phraser from configuration: none without OPENAI_API_KEY (extractive mode), otherwise the
// model, its answer cache and its circuit breaker, ready to hand to createAnswerer({ phraser }).
// LangChain takes about a second to import: it is loaded only when a key is configured, on ready() (which
// start() awaits) or the first answer, so extractive mode starts fast.
import type Keyv from 'keyv'
import type { AnswerTexts } from '../answer/extractive.js'
import type { LlmAnswerer, LlmUsage } from '../answer/llm-answerer.js'
import type { Answer, Retrieval } from '../answer/types.js'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'
import type { AssistField } from './form-assist.js'

export interface LlmPhraserDeps {
  config: Config
  /** Where grounded answers are cached (sqliteKeyv(db, 'answers').keyv, or a Redis Keyv). */
  cacheKeyv?: Keyv<Answer>
  texts?: AnswerTexts
  logger: Logger
}

export interface LlmPhraser extends LlmAnswerer {
  /** Loads the model client; resolves once answers can be worded. */
  ready(): Promise<void>
  /**
   * Help in forms: the model proposes values for fields the deterministic parsers could not read (never the
   * sensitive ones). Proposals only: the caller's parsers decide. {} on any failure.
   */
  proposeFields(fields: AssistField[], text: string): Promise<Record<string, string>>
}

const NO_USAGE: LlmUsage = { calls: 0, inputTokens: 0, outputTokens: 0, cacheHits: 0, llmAnswers: 0, fallbacks: {} }

export function createLlmPhraser({ config, cacheKeyv, texts, logger }: LlmPhraserDeps): LlmPhraser | null {
  if (!config.OPENAI_API_KEY) return null
  let loaded: LlmAnswerer | undefined
  let loading: Promise<LlmAnswerer> | undefined
  let chatModel: NonNullable<ReturnType<typeof import('./model.js')['createChatModel']>> | undefined
  const load = () =>
    (loading ??= (async () => {
      const [{ createChatModel }, { createLlmAnswerer }, { createAnswerCache }] = await Promise.all([
        import('./model.js'),
        import('../answer/llm-answerer.js'),
        import('../answer/answer-cache.js'),
      ])
      const model = createChatModel(config)!
      chatModel = model
      logger.info({ model: config.OPENAI_MODEL, baseURL: config.OPENAI_BASE_URL ?? 'https://api.openai.com/v1' }, 'answers worded by a model (llm mode)')
      loaded = createLlmAnswerer({
        model,
        logger,
        cache: cacheKeyv ? createAnswerCache(cacheKeyv) : null,
        texts,
        modelName: config.OPENAI_MODEL,
        timeoutMs: config.OPENAI_TIMEOUT_MS,
      })
      return loaded
    })())
  return {
    async ready() {
      await load()
    },
    async answer(retrieval: Retrieval, extractive: Answer) {
      try {
        return await (loaded ?? (await load())).answer(retrieval, extractive)
      } catch (err) {
        logger.error({ err }, 'the model client could not be loaded: answering from the document')
        return extractive
      }
    },
    async proposeFields(fields, text) {
      try {
        if (!loaded) await load()
        const { proposeFieldValues } = await import('./form-assist.js')
        return await proposeFieldValues(chatModel!, fields, text, { timeoutMs: config.OPENAI_TIMEOUT_MS, logger })
      } catch (err) {
        logger.warn({ err }, 'form help from the model failed: asking again')
        return {}
      }
    },
    usage() {
      return loaded ? loaded.usage() : { ...NO_USAGE, fallbacks: {} }
    },
  }
}
