// Elliptical follow-ups, resolved against the conversation's topic before retrieval (a deterministic version of
// history-aware rephrasing): 网约车呢 = 网约车 + the last question; 我是外地的 = the last question for 外地户籍;
// 要什么材料 / 在哪办 = about the current topic. A message with a topic word of its own starts a new topic.
import type { Dictionary } from '../knowledge/dictionary.js'
import { setBounded } from '../bounded.js'
import { normalizeText } from '../knowledge/dictionary.js'
import { hukouIn } from './direct-line.js'

/** A conversation's few context slots (not a transcript), kept in its session. */
export interface Topic {
  /** The last question answered, as resolved (standalone). */
  question: string
  /** What it was about: the worker's topic words in it (工伤保险, 贷款…). */
  what: string[]
  /** Who the worker said they are (a word of theirs: 骑手, 网约车…). */
  who?: string
  hukou?: 'ningbo' | 'other'
  /** When it was last used (ISO); an old topic is not followed up. */
  at: string
}

export interface Resolved {
  /** The question to answer: the message itself, or the message made standalone from the topic. */
  question: string
  /** True when the topic filled something in (the reply says how it read the message). */
  rewritten: boolean
  /** The topic after this message. */
  topic: Topic
}

export interface FollowUps {
  /** `standsAlone`: whether the document answers the text on its own, confidently (then it is no follow-up). */
  resolve(text: string, topic: Topic | undefined, now: Date, standsAlone?: (text: string) => boolean): Resolved
}

/** A topic idle longer than this is not followed up: the next message is read on its own. */
export const TOPIC_TTL_MS = 30 * 60_000
/** A follow-up about an aspect (要什么材料) is short; a longer message without a topic word stands alone. */
const MAX_ASPECT_CHARS = 14
const REMEMBERED_TEXTS = 2000

const ASKS = /[?？]|吗|呢|么|什么|啥|怎么|如何|哪|多少|几|能不能|可不可以|有没有|是否/

// The words around a follow-up's one content word (那开出租的呢, 我是外地的, 外地户口行不行).
const FILLER = /那么|那|如果是?|我是|我|是|的话|的|呢|吗|也|可以|能不能|能|行不行|行|不|还有|换成|怎么样|咋样|呀|啊|吧|人|户口|户籍/g
const HUKOU_WORDS = /外地|外省|外市|非本市|外来|不是本地|不是宁波|本地|本市|宁波/g

/** Nothing left but the words of a follow-up. */
function isBare(rest: string): boolean {
  return rest.replace(FILLER, '').length === 0
}

/** 那养老保险呢 / 医保呢？/ 还有失业…: nothing but a topic word and the words of a follow-up. */
function isBareSwap(bare: string, what: string): boolean {
  const rest = bare.replace(what, '').replace(/^(那么?|还有|那如果|如果是|换成)/, '').replace(/(呢|的呢|怎么样|咋样|也行吗|也可以吗|可以吗|行吗)$/, '')
  return rest.length === 0 && /呢|怎么样|咋样|行吗|可以吗/.test(bare)
}

export function createFollowUps(dictionary: Dictionary): FollowUps {
  // Longest first, so 网约车司机 is found before 网约车 and counts once.
  const byLength = (a: string, b: string) => b.length - a.length
  const latin = (w: string) => /^[\x00-\x7f]+$/.test(w)
  // The document's own topic words too (工伤保险 before 工伤), so a topic is named as the worker wrote it.
  const whatEntries = dictionary.synonyms.filter((e) => e.role === 'what')
  const whatWords = [...new Set(whatEntries.flatMap((e) => [...e.user, ...e.doc]))].filter((w) => !latin(w) && w.length >= 2).sort(byLength)
  const whoWords = dictionary.synonyms.filter((e) => e.role === 'who').flatMap((e) => e.user).filter((w) => !latin(w)).sort(byLength)

  // One pass of one pattern per word list (longest alternative first, so 网约车司机 wins over 网约车): a resolve
  // runs on every question turn.
  const anyOf = (words: string[]) => new RegExp(words.map(escapeRegExp).join('|'), 'g')
  const whatPattern = anyOf(whatWords)
  const whoPattern = anyOf(whoWords)
  const found = (pattern: RegExp, text: string) => [...new Set(text.match(pattern) ?? [])]
  const withoutWho = (question: string) => question.replace(whoPattern, '').replace(/^[的，,\s]+/, '')

  // What a message names depends on its text alone, and the same questions come again and again.
  const named = new Map<string, { normal: string; what: string[]; who?: string; hukou?: 'ningbo' | 'other' }>()
  function wordsOf(text: string) {
    let words = named.get(text)
    if (!words) {
      const normal = normalizeText(text)
      words = { normal, what: found(whatPattern, normal), who: found(whoPattern, normal)[0], hukou: hukouIn(normal) }
      setBounded(named, text, words, REMEMBERED_TEXTS)
    }
    return words
  }

  return {
    resolve(text, previous, now, standsAlone = () => false) {
      const { normal, what, who, hukou } = wordsOf(text)
      const at = now.toISOString()
      const topic = previous && now.getTime() - Date.parse(previous.at) <= TOPIC_TTL_MS ? previous : undefined
      const fresh = (): Resolved => ({
        question: text,
        rewritten: false,
        topic: { question: text, what, who: who ?? topic?.who, hukou: hukou ?? topic?.hukou, at },
      })
      const bare = normal.replace(/[\s,，。.!！?？~～]/g, '')
      if (topic && what.length === 1 && isBareSwap(bare, what[0]!) && topic.what.length > 0) {
        // 养老保险呢 after 骑手能交工伤保险吗: the same question about another topic.
        const old = topic.what.find((w) => topic.question.includes(w))
        if (old) {
          const question = topic.question.replace(old, what[0]!)
          return { question, rewritten: true, topic: { question, what, who: topic.who, hukou: hukou ?? topic.hukou, at } }
        }
      }
      if (!topic || what.length > 0) return fresh()

      let question: string | undefined
      if (who && isBare(bare.replace(who, ''))) {
        // 网约车呢 / 那开出租的可以吗: the same question for other workers.
        question = `${who}${withoutWho(topic.question)}`
      } else if (hukou && isBare(bare.replace(HUKOU_WORDS, ''))) {
        // 我是外地的 / 外地户口行不行: the same question, for the hukou now stated.
        question = `${topic.question}（我是${hukou === 'other' ? '外地户籍' : '本市户籍'}）`
      } else if (bare.length <= MAX_ASPECT_CHARS && ASKS.test(normal) && topic.what.length && !standsAlone(text)) {
        // 要什么材料 / 在哪办 / 能贷多少, which the document cannot answer alone: that aspect of the current topic.
        question = `${topic.who ?? ''}${topic.what.join('、')}${text}`
      }
      // A question of its own with no topic word (宁波网约车公司有几家) starts a topic of its own.
      if (!question) return who || standsAlone(text) ? fresh() : { question: text, rewritten: false, topic: { ...topic, hukou: hukou ?? topic.hukou, at } }
      return {
        question,
        rewritten: true,
        topic: { question, what: topic.what, who: who ?? topic.who, hukou: hukou ?? topic.hukou, at },
      }
    },
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
