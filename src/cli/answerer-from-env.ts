// The answerer alone, for command-line tools: knowledge and retrieval, no server, no stores. It answers as of
// any day (ask --as-of), from the documents as they are when it starts.
import { createAnswerer } from '../answer/answerer.js'
import { createDatedAnswerer, type DatedAnswerer } from '../answer/dated-answerer.js'
import { createRetriever } from '../answer/retrieve.js'
import { loadConfig } from '../config.js'
import { documentsDir, loadCorpus } from '../knowledge/corpus.js'
import { knowledgeDataDir } from '../knowledge/data-dir.js'
import { loadKnowledge } from '../knowledge/index.js'

export function answererFromEnv(env: Record<string, string | undefined> = process.env): DatedAnswerer {
  const config = loadConfig(env)
  const knowledge = loadKnowledge(knowledgeDataDir(config.KNOWLEDGE_DIR), loadCorpus(documentsDir(config.KNOWLEDGE_DIR)))
  for (const f of knowledge.corpus.files) if (f.error) console.error(`rejected ${f.error}`)
  const texts = { referral: config.REFERRAL_TEXT, glosses: knowledge.glosses }
  return createDatedAnswerer({
    corpus: () => knowledge.corpus,
    answererFor: (kb) => createAnswerer({ kb, retriever: createRetriever({ ...knowledge, kb }), texts }),
  })
}
