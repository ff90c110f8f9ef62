// Elliptical follow-ups, resolved against the conversation's topic before retrieval (a deterministic version of
// history-aware rephrasing): 网约车呢 = 网约车 + the last question; 那医保呢 = the last question about 医保;
// 我是外地的 = the last question for 外地户籍; 要什么材料 / 在哪办 = about the current topic, when the document
// cannot answer the message alone. A message with a topic word of its own, or one the document answers alone,
// starts a new topic; one refused alone never joins the topic.
import type { Dictionary } from '../knowledge/dictionary.js'
import { setBounded } from '../bounded.js'
import { normalizeText } from '../knowledge/dictionary.js'
import { escapeRegExp } from '../intake/parsers/text.js'
import { hukouIn } from './direct-line.js'

/** A conversation's few context slots (not a transcript), kept beside its session (conversation/topic-store.ts). */
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

/** How the document meets a text on its own: answers it surely, refuses it (a scope rule), or only weakly. */
export type Standing = 'answers' | 'refused' | 'weak'

export interface FollowUps {
  /** `standing`: how the document meets the text alone; only a weak one may be a follow-up about an aspect. */
  resolve(text: string, topic: Topic | undefined, now: Date, standing?: (text: string) => Standing): Resolved
}

/** A topic idle longer than this is not followed up: the next message is read on its own. */
export const TOPIC_TTL_MS = 30 * 60_000
/** A follow-up about an aspect (要什么材料) is short; a longer message without a topic word stands alone. */
const MAX_ASPECT_CHARS = 14
/** An aspect this short that names neither topic nor worker (评上的有多少人) leans on the topic, whatever it finds alone. */
const BARE_ASPECT_CHARS = 8
const REMEMBERED_TEXTS = 2000
const EVERYONE = new Set(['灵活就业人员', '新业态', '新业态从业人员'])

// The aspects of a topic a short follow-up asks about (要什么材料, 在哪办, 能贷多少, 要交钱吗, 有什么条件).
const ASPECT = /材料|证件|资料|手续|流程|步骤|在哪|哪里|哪儿|去哪|找谁|窗口|部门|电话|多少钱|交钱|收费|费用|多少|几|多久|多长时间|什么时候|截止|期限|条件|要求|资格|谁能|哪些人|怎么(申请|办|弄|交|缴|领|拿|参加|报名|加入)|如何|网上|线上|手机|好处|待遇|额度|利息|能贷|还有效|有效期/

// The words around a follow-up's one content word (那开出租的呢, 我是外地的, 外地户口行不行).
const FILLER = /那么|那|如果是?|我是|我|是|的话|的|呢|吗|也|可以|能不能|能|行不行|行|不|还有|换成|怎么样|咋样|呀|啊|吧|人|户口|户籍/g
const HUKOU_WORDS = /外地|外省|外市|非本市|外来|不是本地|不是宁波|本地|本市|宁波/g

/** A short aspect leans on the topic when the document cannot answer it alone, or names nothing (评上的有多少人). */
function aspectOfTopic(bare: string, alone: Standing): boolean {
  return alone === 'weak' || (alone === 'answers' && bare.length <= BARE_ASPECT_CHARS)
}

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
  // Not the words for a count (多少人, 人数): 评上的有多少人 asks about the topic, it names none.
  const whatEntries = dictionary.synonyms.filter((e) => e.role === 'what' && !e.doc.every((d) => /^万?人$/.test(d)))
  const whatWords = [...new Set(whatEntries.flatMap((e) => [...e.user, ...e.doc]))].filter((w) => !latin(w) && w.length >= 2).sort(byLength)
  // The document's words for kinds of workers too (巡游出租车呢), bar the ones that cover everyone.
  const whoWords = [...new Set(dictionary.synonyms.filter((e) => e.role === 'who').flatMap((e) => [...e.user, ...e.doc]))]
    .filter((w) => !latin(w) && !EVERYONE.has(w))
    .sort(byLength)

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
    resolve(text, previous, now, standing = () => 'weak') {
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
      } else if (bare.length <= MAX_ASPECT_CHARS && ASPECT.test(normal) && topic.what.length && aspectOfTopic(bare, standing(text))) {
        // 要什么材料 / 在哪办 / 能贷多少, which the document cannot answer alone: that aspect of the current topic.
        question = `${topic.who ?? ''}${topic.what.join('、')}${text}`
      }
      // A question of its own with no topic word (宁波网约车公司有几家) starts a topic of its own; one refused
      // on its own (明天会下雨吗) is never read into the topic, and leaves it as it was.
      if (!question) return who || standing(text) === 'answers' ? fresh() : { question: text, rewritten: false, topic: { ...topic, hukou: hukou ?? topic.hukou, at } }
      return {
        question,
        rewritten: true,
        topic: { question, what: topic.what, who: who ?? topic.who, hukou: hukou ?? topic.hukou, at },
      }
    },
  }
}
