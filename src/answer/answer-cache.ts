// Grounded model answers, cached so a repeated question costs no call. The key is a hash of the normalised
// question, the policy version and the model: a new document or a new model never serves a stale answer.
import { createHash } from 'node:crypto'
import type Keyv from 'keyv'
import type { Answer } from './types.js'

export interface AnswerCache {
  key(question: string, policyVersion: string, modelName: string): string
  get(key: string): Promise<Answer | undefined>
  set(key: string, answer: Answer): Promise<void>
}

export interface AnswerCacheOptions {
  /** Time to live; unset keeps entries until the version or model changes the key. */
  ttlMs?: number
}

/** NFKC, lower case, no punctuation, symbols or spaces: 「社保补贴 多少？」 and 社保补贴多少 are one question. */
export function normaliseQuestion(question: string): string {
  return question.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '')
}

export function createAnswerCache(keyv: Keyv<Answer>, options: AnswerCacheOptions = {}): AnswerCache {
  return {
    key(question, policyVersion, modelName) {
      const hash = createHash('sha256')
      hash.update([normaliseQuestion(question), policyVersion, modelName].join('\u0000'))
      return hash.digest('hex').slice(0, 32)
    },
    async get(key) {
      const hit = await keyv.get(key)
      return hit ?? undefined
    },
    async set(key, answer) {
      await keyv.set(key, answer, options.ttlMs)
    },
  }
}
