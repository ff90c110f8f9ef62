// Everything under knowledge/ that the assistant reads at start-up, loaded and validated in one place.
import { loadGlosses, type Glosses } from '../answer/english.js'
import { loadScopeGate, type ScopeGate } from '../answer/scope.js'
import { loadDictionary, type Dictionary } from './dictionary.js'
import { loadKnowledgeBase } from './load.js'
import { Tokenizer } from './tokenizer.js'
import type { KnowledgeBase } from './types.js'

export interface Knowledge {
  kb: KnowledgeBase
  dictionary: Dictionary
  tokenizer: Tokenizer
  scope: ScopeGate
  /** English glosses of the sections (knowledge/english.yaml). */
  glosses: Glosses
}

export function loadKnowledge(dir: string): Knowledge {
  const kb = loadKnowledgeBase(dir)
  const dictionary = loadDictionary(dir)
  return { kb, dictionary, tokenizer: new Tokenizer(dictionary), scope: loadScopeGate(dir), glosses: loadGlosses(dir, kb) }
}
