// The chat model: LangChain's ChatOpenAI on any OpenAI-compatible endpoint (OpenAI, DeepSeek, Qwen, Ollama, vLLM).
// No key means no model: the assistant then answers from the document alone (extractive mode).
import { ChatOpenAI } from '@langchain/openai'
import type { Config } from '../config.js'

export type ModelConfig = Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'OPENAI_TIMEOUT_MS'>

export interface ChatModelOptions {
  /**
   * LangChain's default is 6. We make none: one call per question, and a failed call falls back to the
   * extractive answer at once instead of keeping the worker waiting (the circuit breaker handles outages).
   */
  maxRetries?: number
}

export function createChatModel(config: ModelConfig, options: ChatModelOptions = {}): ChatOpenAI | null {
  if (!config.OPENAI_API_KEY) return null
  return new ChatOpenAI({
    apiKey: config.OPENAI_API_KEY,
    model: config.OPENAI_MODEL,
    // There is no top-level baseURL option: it lives in the OpenAI client's configuration.
    configuration: config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {},
    temperature: 0,
    timeout: config.OPENAI_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? 0,
    // Plain chat completions: the one API every compatible provider implements.
    useResponsesApi: false,
  })
}
