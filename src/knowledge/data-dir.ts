// Where the knowledge's data files (dictionary, scope, glosses, programmes, forms, intents) are read from:
// KNOWLEDGE_DIR when it has them, else the project's own knowledge/. A KNOWLEDGE_DIR that holds only documents/
// (an office's own set of policy documents) then serves those documents with the shipped data.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { projectPath } from '../paths.js'

export function knowledgeDataDir(knowledgeDir: string): string {
  return existsSync(join(knowledgeDir, 'dictionary.yaml')) ? knowledgeDir : projectPath('knowledge')
}
