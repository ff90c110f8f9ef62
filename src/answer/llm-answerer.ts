// Model-worded answers that never go beyond the document. The extractive answer is the gate and the fallback:
// one chat completion per in-scope question, checked in code by the grounding guard; a failure of any kind
// (timeout, 5xx, 429, garbage, an ungrounded answer, an open circuit) returns the extractive answer instead.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import type { AIMessage } from '@langchain/core/messages'
import type { Logger } from '../logger.js'
import { maskText } from '../privacy/mask.js'
import { loadAnswerPrompt, type AnswerPrompt } from '../llm/prompts.js'
import { toPlainText } from '../llm/plain-text.js'
import { formatSources, selectSources, type PromptSource, type SourceOptions } from '../llm/sources.js'
import type { AnswerCache } from './answer-cache.js'
import { createCircuitBreaker, type CircuitBreaker } from './circuit-breaker.js'
import { check, stripCitations } from './grounding.js'
import { composeLlmAnswer } from '../llm/compose-answer.js'
import type { AnswerTexts } from './types.js'
import type { Answer, Retrieval } from './types.js'

export interface LlmAnswererOptions {
  /** Any LangChain chat model; in production createChatModel(config). */
  model: Pick<BaseChatModel, 'invoke'>
  logger: Logger
  /** Grounded answers are cached here; null or unset: no cache. */
  cache?: AnswerCache | null
  /** The referral text for the same silence notes the extractive answer adds. */
  texts?: AnswerTexts
  modelName: string
  policyVersion?: string
  /** The whole answer, call included, gives up after this long (our own timer, not only the client's). */
  timeoutMs: number
  breaker?: CircuitBreaker
  prompt?: AnswerPrompt
  sources?: SourceOptions
}

export interface LlmUsage {
  /** Model calls made (cache hits and skipped questions make none). */
  calls: number
  inputTokens: number
  outputTokens: number
  cacheHits: number
  /** Questions answered with a grounded model answer (cached ones included). */
  llmAnswers: number
  /** Extractive answers served instead, by reason (timeout, http_500, unsupported_figure, circuit_open...). */
  fallbacks: Record<string, number>
}

export interface LlmAnswerer {
  answer(retrieval: Retrieval, extractive: Answer): Promise<Answer>
  usage(): LlmUsage
}

class CallTimeout extends Error {
  constructor(ms: number) {
    super(`model call took longer than ${ms} ms`)
  }
}

export function createLlmAnswerer(options: LlmAnswererOptions): LlmAnswerer {
  const { model, logger, modelName, timeoutMs, texts } = options
  const cache = options.cache ?? null
  const breaker = options.breaker ?? createCircuitBreaker()
  const prompt = options.prompt ?? loadAnswerPrompt()
  const totals: LlmUsage = { calls: 0, inputTokens: 0, outputTokens: 0, cacheHits: 0, llmAnswers: 0, fallbacks: {} }

  const fallback = (question: string, extractive: Answer, reason: string, details: Record<string, unknown> = {}): Answer => {
    const kind = reason.split(':')[0]!
    totals.fallbacks[kind] = (totals.fallbacks[kind] ?? 0) + 1
    // An open circuit is expected and frequent while a provider is down: keep it out of the warnings.
    const level = kind === 'circuit_open' ? 'debug' : 'warn'
    logger[level]({ llm: 'fallback', reason, question: maskText(question), ...details }, 'llm answer not used; extractive answer served')
    return extractive
  }

  async function callModel(question: string, sources: PromptSource[]): Promise<AIMessage> {
    // The model never needs the asker's ID or phone number to word an answer.
    const messages = await prompt.template.formatMessages({ question: maskText(question), sources: formatSources(sources) })
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort()
        reject(new CallTimeout(timeoutMs))
      }, timeoutMs)
    })
    try {
      totals.calls++
      return (await Promise.race([model.invoke(messages, { signal: controller.signal }), timeout])) as AIMessage
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    async answer(retrieval, extractive) {
      // Out-of-scope questions never reach the model: the extractive answer already says the document is silent.
      if (retrieval.outOfScope || retrieval.results.length === 0 || extractive.outOfScope) return extractive

      // Keyed by what was in force: an answer from yesterday's corpus is never served from today's.
      const key = cache?.key(retrieval.question, options.policyVersion ?? retrieval.knowledgeVersion ?? '', modelName)
      if (cache && key) {
        const hit = await cache.get(key).catch((err: unknown) => {
          logger.warn({ err }, 'answer cache read failed; asking the model')
          return undefined
        })
        if (hit) {
          totals.cacheHits++
          totals.llmAnswers++
          return hit
        }
      }

      if (!breaker.tryAcquire()) return fallback(retrieval.question, extractive, 'circuit_open')

      const sources = selectSources(retrieval, options.sources)
      if (sources.length === 0) {
        breaker.success() // nothing was tried: do not hold a half-open trial hostage
        return fallback(retrieval.question, extractive, 'no_sources')
      }

      const started = Date.now()
      let reply: AIMessage
      try {
        reply = await callModel(retrieval.question, sources)
      } catch (err) {
        breaker.failure()
        return fallback(retrieval.question, extractive, failureReason(err), { ms: Date.now() - started, error: errorMessage(err) })
      }

      const tokens = reply.usage_metadata
      totals.inputTokens += tokens?.input_tokens ?? 0
      totals.outputTokens += tokens?.output_tokens ?? 0
      const text = typeof reply.content === 'string' ? reply.content : textOfBlocks(reply.content)
      const plain = toPlainText(text ?? '')
      if (!plain) {
        breaker.failure()
        return fallback(retrieval.question, extractive, 'empty_reply', { ms: Date.now() - started })
      }
      breaker.success()

      const verdict = check(plain, sources, prompt.systemText)
      const logged = { ms: Date.now() - started, inputTokens: tokens?.input_tokens, outputTokens: tokens?.output_tokens }
      if (!verdict.ok) {
        // Kept for review: what the model said and why it was not shown (masked by the logger and here).
        return fallback(retrieval.question, extractive, verdict.reason, { ...logged, rejected: maskText(plain) })
      }

      const answer = composeLlmAnswer({
        body: stripCitations(plain),
        usedIds: verdict.usedIds,
        usedSections: sources.filter((s) => verdict.usedIds.includes(s.id)).map((s) => s.section),
        retrieval,
        texts,
      })
      totals.llmAnswers++
      logger.info({ llm: 'answer', cited: verdict.usedIds, ...logged }, 'llm answer used')
      if (cache && key) {
        await cache.set(key, answer).catch((err: unknown) => logger.warn({ err }, 'answer cache write failed'))
      }
      return answer
    },
    usage() {
      return { ...totals, fallbacks: { ...totals.fallbacks } }
    },
  }
}

function textOfBlocks(content: unknown): string | null {
  if (!Array.isArray(content)) return null
  return content
    .map((block) => (typeof block === 'string' ? block : block && typeof block === 'object' && 'text' in block ? String(block.text) : ''))
    .join('')
}

/** A short, stable reason for the fallback counters: timeout, http_429, http_500, network, unreadable. */
function failureReason(err: unknown): string {
  if (err instanceof CallTimeout) return 'timeout'
  const status = (err as { status?: unknown })?.status
  if (typeof status === 'number') return `http_${status}`
  const name = (err as { name?: string })?.name ?? ''
  if (/abort|timeout/i.test(name)) return 'timeout'
  if (/connection/i.test(name) || /ECONN|socket|network|fetch failed/i.test(errorMessage(err))) return 'network'
  return 'unreadable'
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300)
}
