// The answerer alone, for command-line tools: knowledge and retrieval, no server, no stores.
import { createAnswerer, type Answerer } from '../answer/answerer.js'
import { createRetriever } from '../answer/retrieve.js'
import { loadConfig } from '../config.js'
import { loadKnowledge } from '../knowledge/index.js'

export function answererFromEnv(env: Record<string, string | undefined> = process.env): Answerer {
  const config = loadConfig(env)
  const knowledge = loadKnowledge(config.KNOWLEDGE_DIR)
  return createAnswerer({ kb: knowledge.kb, retriever: createRetriever(knowledge), texts: { referral: config.REFERRAL_TEXT, glosses: knowledge.glosses } })
}
