// Shared by the eligibility tests: the real knowledge base and eligibility data of knowledge/.
import { fileURLToPath } from 'node:url'
import { loadEligibilityKnowledge } from '../../src/eligibility/knowledge.js'
import { CONTRACT_PROGRAMME_IDS } from '../../src/eligibility/programmes.js'
import { loadKnowledgeBase } from '../../src/knowledge/load.js'
import { documentsDir, loadCorpus } from '../../src/knowledge/corpus.js'

export const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge', import.meta.url))
export const kb = loadKnowledgeBase(KNOWLEDGE_DIR)
export const corpus = loadCorpus(documentsDir(KNOWLEDGE_DIR))
export const eligibility = loadEligibilityKnowledge(KNOWLEDGE_DIR, () => corpus, CONTRACT_PROGRAMME_IDS)
export const SECTION_IDS = kb.sections.map((s) => s.id)
