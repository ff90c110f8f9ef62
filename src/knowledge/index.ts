// Everything under knowledge/ that the assistant reads at start-up, loaded and validated in one place. The
// policy documents (knowledge/documents/) are a corpus that can change while serving (live-corpus.ts); the
// dictionary, scope rules and glosses are read once.
import { loadGlosses, type Glosses } from '../answer/english.js'
import { loadScopeGate, type ScopeGate } from '../answer/scope.js'
import { documentsDir, loadCorpus, type Corpus } from './corpus.js'
import { loadDictionary, type Dictionary } from './dictionary.js'
import { Tokenizer } from './tokenizer.js'

export interface Knowledge {
  /** The documents as they were at start-up (a LiveCorpus keeps them current). */
  corpus: Corpus
  dictionary: Dictionary
  tokenizer: Tokenizer
  scope: ScopeGate
  /** English glosses of the sections (knowledge/english.yaml). */
  glosses: Glosses
}

export function loadKnowledge(dir: string, corpus: Corpus = loadCorpus(documentsDir(dir))): Knowledge {
  const dictionary = loadDictionary(dir)
  return { corpus, dictionary, tokenizer: new Tokenizer(dictionary), scope: loadScopeGate(dir), glosses: loadGlosses(dir, corpus.documents) }
}
