// Loading the corpus for a one-off use (the CLIs, tests): every document must be valid, and the view is a day's.
import { todayInChina } from '../china-today.js'
import { documentsDir, loadCorpus } from './corpus.js'
import type { KnowledgeBase } from './types.js'

/** The sections in force on `date` (today in China by default) of the documents under `knowledgeDir/documents`. */
export function loadKnowledgeBase(knowledgeDir: string, date = todayInChina()): KnowledgeBase {
  const corpus = loadCorpus(documentsDir(knowledgeDir))
  const rejected = corpus.files.filter((f) => f.error)
  if (rejected.length) throw new Error(`knowledge: ${rejected.map((f) => f.error).join('; ')}`)
  if (corpus.documents.length === 0) throw new Error(`knowledge: no policy document in ${documentsDir(knowledgeDir)}`)
  return corpus.on(date)
}
