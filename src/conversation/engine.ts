// The one conversation engine every channel uses: handle(message) -> replies. One conversation's messages
// run strictly in order (the lock); its state lives in the session store; routing is deterministic and
// driven by data (intents, form triggers); policy questions go to the answerer.
import { setBounded, addBounded } from '../bounded.js'
import { detectCorrection, FIELD_KINDS, isCancel, isConfirm, matchFormTrigger, parseYesNo, todayInChina } from '../intake/index.js'
import { continueAmend, dropAmend, hasPendingAmend, maybeStartAmend } from './amend.js'
import { continueForm, discardForm, formOf, formReminder, startForm } from './form-flow.js'
import { isBareApply, isFreeTextAnswer, isStatusQuestion, offeredForm, relatedForm } from './form-signals.js'
import {
  answerSummaryReply, continueGuidedCheck, isEligibilityQuestion, isSummaryReply, namesProgramme, referralText, startGuidedCheck,
} from './guided-check.js'
import { referralFor } from '../eligibility/index.js'
import type { ConversationLock, Fence } from './keyed-mutex.js'
import * as msg from './messages.js'
import { deleteUserData, describeApplications } from './privacy.js'
import { newSession, type Session } from './session.js'
import type { SessionStore } from './session-store.js'
import { say, type EngineDeps, type Turn } from './turn.js'
import type { Resolved, Topic } from '../answer/follow-up.js'
import type { Answer } from '../answer/types.js'
import type { ConversationEngine, EngineReply, InboundMessage } from './types.js'

export const MAX_MESSAGE_CHARS = 2000
const DEFAULT_RESUME_NOTICE_MS = 30 * 60_000
const TOUCH_INTERVAL_MS = 60 * 60_000
/** The intents route() checks when no form or check is open (in that order, before the answerer). */
/** Commands that do something, not just answer: never joined with the messages around them (standsAlone). */
const ACTS_ALONE = ['deleteData', 'reset', 'status', 'eligibility'] as const
const STATELESS_COMMANDS = ['deleteData', 'reset', 'eligibility', 'status', 'help', 'greeting', 'thanks', 'ack'] as const
const REMEMBERED_VERDICTS = 2000
const REMEMBERED_OPEN = 10_000

/** The session of a plain question from a new asker: answering reads none of it (frozen, so nothing can). */
const NO_SESSION: Session = newSession('', 'api', new Date(0).toISOString())
for (const part of [NO_SESSION.profile, NO_SESSION.submitted, NO_SESSION]) Object.freeze(part)

export interface Engine extends ConversationEngine {
  /** The session key of a message: a group member's is `${room}:${user}`. */
  conversationKey(message: InboundMessage): string
}

function looksLikeFormInput(text: string, forms: EngineDeps['forms']): boolean {
  if (FIELD_KINDS.phone.find?.(text) || FIELD_KINDS.idNumber.find?.(text)) return true
  return forms.some((form) => detectCorrection(form, text) !== null)
}

/** A session's state without its last-touched time or remembered reply: what a write would change. */
function stateOf(session: Session): string {
  // Left out by destructuring: a spread that adds a property the session lacks costs twice as much
  // (docs/performance.md, lesson 2).
  const { updatedAt: _touched, lastReply: _reply, ...state } = session
  return JSON.stringify(state)
}

function hasState(session: Session): boolean {
  return Boolean(
    session.form || session.guided || session.amend || session.submitted.length || session.offered || session.checkShown || Object.keys(session.profile).length,
  )
}

/** A topic written again only when it changed, or to keep it from lapsing while the conversation goes on. */
const TOPIC_REFRESH_MS = 5 * 60_000

function sameTopic(a: Topic | undefined, b: Topic): boolean {
  if (!a || Date.parse(b.at) - Date.parse(a.at) > TOPIC_REFRESH_MS) return false
  return a.question === b.question && a.who === b.who && a.hukou === b.hukou && a.what.join() === b.what.join()
}

/**
 * Most turns are questions that change nothing: they write nothing (a new asker gets no session at all), so
 * Q&A traffic costs no storage writes. A changed session is written at once; an unchanged one is touched now
 * and then so its TTL follows the user's activity.
 */
function needsWrite(stored: Session | undefined, before: string | undefined, session: Session, at: Date): boolean {
  if (!stored) return hasState(session)
  // A turn on an open form nearly always changes it (each answer stamps the form's time): written without
  // comparing, which saves serialising the session twice on every form turn.
  if (before === undefined) return true
  if (stateOf(session) !== before) return true
  return at.getTime() - Date.parse(stored.updatedAt) > TOUCH_INTERVAL_MS
}

export function createEngine(deps: EngineDeps & { sessions: SessionStore; lock: ConversationLock }): Engine {
  const now = deps.now ?? (() => new Date())
  const conversationKey = (m: InboundMessage) => m.conversationId ?? `${m.channel}:${m.userId}`

  async function route(turn: Turn, key: string): Promise<void> {
    const { text } = turn.message
    const s = turn.session
    // A 补正 waiting to be opened (the office's needs_more) takes even a plain-looking reply (王五 for the name).
    if (!s.form && !s.guided && !s.amend && isPlainQuestion(text) && !(await hasPendingAmend(deps, s))) return void (await answerQuestion(turn))

    if (deps.intents.is('deleteData', text)) {
      // Someone else's words passed on: their 删除我的信息 is theirs to send, never a deletion of the forwarder's data.
      if (turn.message.forwarded) return say(turn, msg.FORWARDED_DELETE)
      return deleteUserData(deps, deps.sessions, turn, key)
    }
    if (deps.intents.is('reset', text)) {
      discardForm(deps, turn)
      dropAmend(s)
      s.guided = undefined
      return say(turn, msg.RESET_DONE)
    }

    // A form withdrawn from knowledge/forms since the session was saved: say so once, never fail every turn.
    if (s.form && !deps.forms.some((f) => f.id === s.form?.formId)) {
      s.form = undefined
      say(turn, msg.FORM_WITHDRAWN)
    }
    if (s.form) {
      const form = formOf(deps, s.form)
      const idle = turn.now.getTime() - Date.parse(s.form.updatedAt)
      if (idle > deps.formExpiryMs) {
        discardForm(deps, turn)
        say(turn, msg.expired(form, Math.round(deps.formExpiryMs / 3_600_000)))
      } else {
        // A pending "drop this form for that one?" is answered now or never: anything but 是/否 lets it go.
        if (s.form.switchTo && !parseYesNo(text).ok) s.form.switchTo = undefined
        const reminder = formReminder(deps, turn, s.form)
        if (deps.intents.is('help', text)) return say(turn, msg.MENU, '', reminder)
        if (deps.intents.is('greeting', text)) return say(turn, '您好！', reminder)
        if (deps.intents.is('thanks', text)) return say(turn, '不客气！', reminder)
        // Commands that are not answers, unless they are words in a free-text answer (情况说明).
        if (!isFreeTextAnswer(form, s.form, text)) {
          if (asksStatus(text)) return say(turn, await describeApplications(deps, turn), reminder)
          if (asksEligibility(text)) return say(turn, msg.eligibilityDuringForm(form), reminder)
        }
        if (idle > (deps.resumeNoticeMs ?? DEFAULT_RESUME_NOTICE_MS)) say(turn, msg.welcomeBack(form))
        return continueForm(deps, turn, s.form)
      }
    }
    // 补正 (issue 24): the office asked for some fields again; the worker's messages fill them in.
    if (s.amend) {
      if (asksStatus(text)) return say(turn, await describeApplications(deps, turn))
      return continueAmend(deps, turn, s.amend)
    }
    if (!s.guided && (await maybeStartAmend(deps, turn))) return
    // No form open from here on. Every command checked below must also be in isPlainQuestion(), which lets a
    // remembered plain question skip them all.
    // 批了没 / 我申请的工伤保险到哪一步了: the worker's applications, never a new one (though it names a form).
    if (!s.guided && asksStatus(text)) return say(turn, await describeApplications(deps, turn))
    // 3 / 申请3 / 继续 after an eligibility summary; 申请 after an answer that offered a form.
    if (!s.guided && (await answerSummaryReply(deps, turn))) return
    if (!s.guided && isBareApply(text)) {
      const offered = offeredForm(deps, turn)
      return offered ? startForm(deps, turn, offered) : say(turn, msg.WHICH_FORM)
    }
    // Asking for a form during the guided check starts it (the check's answers stay in the profile).
    const trigger = matchFormTrigger(deps.forms, text)
    if (s.guided && !trigger) return continueGuidedCheck(deps, turn, s.guided)
    if (trigger) return startForm(deps, turn, trigger.form)
    // 我要报名培训, 帮我办一下意外险: nothing to fill in here; where to go instead, in the document's words.
    const referral = referralFor(deps.eligibility.referrals, text)
    if (referral) return say(turn, referralText(deps, referral.name, referral.text))
    if (asksEligibility(text)) {
      // The check asks about hukou, work and business: personal facts, not for a group's eyes.
      if (turn.message.forwarded) return say(turn, msg.FORWARDED_CHECK_INVITE)
      return turn.message.inGroup ? say(turn, msg.GROUP_CHECK_INVITE) : startGuidedCheck(deps, turn)
    }
    if (deps.intents.is('status', text)) return say(turn, await describeApplications(deps, turn))
    if (deps.intents.is('help', text)) return say(turn, msg.MENU)
    if (deps.intents.is('greeting', text)) return say(turn, msg.GREETING)
    if (deps.intents.is('thanks', text)) return say(turn, msg.THANKS)
    const last = s.submitted.at(-1)
    if (isCancel(text)) return say(turn, last ? msg.cannotWithdraw(last.applicationId) : msg.NOTHING_TO_CANCEL)
    // "好的", "收到", 👌 with nothing to confirm: a nod, answered as one (after a submit it names the application).
    if (!last && deps.intents.is('ack', text)) return say(turn, msg.ACK)
    if (isConfirm(text) || parseYesNo(text).ok) {
      if (!last) return say(turn, msg.NOTHING_TO_CONFIRM)
      // A repeated 确认 (say, a retry after the reply was lost) gets the same number, as a field too: the
      // caller learns which application its confirmation made, and no second one is made.
      turn.applicationId = last.applicationId
      return say(turn, msg.alreadySubmitted(last.applicationId))
    }
    // A phone or ID number, or 电话改成…, with no form open: never sent on to the answerer (or its gap log).
    if (looksLikeFormInput(text, deps.forms)) return say(turn, last ? msg.cannotAmend(last.applicationId) : msg.NO_FORM_OPEN)
    await answerQuestion(turn)
  }

  /** 我能申请什么, 像我这种情况能享受哪些: which programmes the worker may have (the guided check). */
  function asksEligibility(text: string): boolean {
    return (deps.intents.is('eligibility', text) && !namesProgramme(text)) || isEligibilityQuestion(text)
  }

  /** 我的申请, 批了没, 我那个申请到哪一步了: a question about the worker's own applications. */
  function asksStatus(text: string): boolean {
    return deps.intents.is('status', text) || isStatusQuestion(text)
  }

  /** The question read against the conversation's topic (网约车呢 → 网约车 + the last question), which it moves on. */
  async function resolve(turn: Turn): Promise<Resolved | undefined> {
    if (!deps.followUps || !deps.topics) return undefined
    const key = conversationKey(turn.message)
    const topic = turn.topicRead ? turn.topic : await deps.topics.get(key)
    const resolved = deps.followUps.resolve(turn.message.text, topic, turn.now, (text) => deps.answerer.standing(text))
    if (!sameTopic(topic, resolved.topic)) deps.topics.set(key, resolved.topic)
    return resolved
  }

  async function answerQuestion(turn: Turn): Promise<Answer> {
    const resolved = await resolve(turn)
    const text = resolved?.question ?? turn.message.text
    const answer = await deps.answerer.ask(text, { channel: turn.message.channel })
    say(turn, resolved?.rewritten ? `（接着上文，您问的是：${text}）\n${answer.answer}` : answer.answer)
    // A question about a programme that has a form: the form is offered (申请 starts it), never started.
    const related = turn.message.inGroup ? undefined : relatedForm(deps, text, answer)
    if (related) say(turn, msg.offerForm(related))
    return answer
  }

  // With no form or check open, whether a message is a command or a plain question depends on its text alone
  // (every check below reads only the text and the fixed knowledge), and the same questions come again and
  // again: the verdict is remembered, so a repeated question skips the dozen checks route() makes.
  const plainVerdicts = new Map<string, boolean>()
  function isPlainQuestion(text: string): boolean {
    let plain = plainVerdicts.get(text)
    if (plain === undefined) {
      plain =
        !STATELESS_COMMANDS.some((intent) => deps.intents.is(intent, text)) &&
        !matchFormTrigger(deps.forms, text) &&
        !isCancel(text) &&
        !isConfirm(text) &&
        !parseYesNo(text).ok &&
        !isStatusQuestion(text) &&
        !isEligibilityQuestion(text) &&
        !referralFor(deps.eligibility.referrals, text) &&
        !isSummaryReply(text) &&
        !isBareApply(text) &&
        !looksLikeFormInput(text, deps.forms)
      setBounded(plainVerdicts, text, plain, REMEMBERED_VERDICTS)
    }
    return plain
  }

  async function handleInLock(message: InboundMessage, key: string, stored: Session | undefined, fence?: Fence): Promise<EngineReply> {
    const at = now()
    // A retry of a message already handled (its reply was lost on the way): the same reply, nothing done twice.
    if (message.messageId && stored?.lastReply?.messageId === message.messageId) return stored.lastReply.reply
    const session: Session = stored ?? newSession(message.userId, message.channel, at.toISOString())
    const before = stored && !stored.form ? stateOf(stored) : undefined
    const turn: Turn = { message, session, replies: [], applicationId: null, now: at, today: todayInChina(at) }
    // With no form open, what the conversation was about may decide the turn (申请 after an offer, a check that
    // starts from what the worker said): read once the session says no form is open. A form's turns never need it.
    if (!session.form && deps.topics) {
      turn.topic = await deps.topics.get(key)
      turn.topicRead = true
    }
    if (!message.text.trim()) say(turn, msg.EMPTY_MESSAGE)
    else await route(turn, key)
    const form = turn.deleted ? undefined : session.form
    const guided = turn.deleted ? undefined : session.guided
    const amend = turn.deleted ? undefined : session.amend
    const notices = turn.deleted ? [] : await noticesFor(message, session)
    const reply: EngineReply = {
      replies: notices.length ? [...notices, ...turn.replies] : turn.replies,
      awaiting: form?.awaiting ?? guided?.awaiting ?? amend?.awaiting ?? null,
      form: form?.formId ?? amend?.formId ?? null,
      applicationId: turn.applicationId,
    }
    if (!turn.deleted && needsWrite(stored, before, session, at)) {
      session.updatedAt = at.toISOString()
      // Only a turn that changed something needs remembering: a question asked again is simply answered again.
      if (message.messageId) session.lastReply = { messageId: message.messageId, reply }
      // The turn's last step under the lock: in Redis mode this write lets the lock go as well.
      await deps.sessions.set(key, session, fence)
    }
    // What the user typed is not logged: it may hold names and other personal data.
    deps.logger?.debug({ key, chars: message.text.length, form: form?.formId, awaiting: form?.awaiting }, 'turn')
    return reply
  }

  /**
   * A plain question from a conversation with no form or check open changes nothing: it is answered without
   * the lock every instance shares (in Redis mode, one round trip instead of a locked turn's two). Undefined when the turn
   * needs the full path after all: a form or check is open, or the session is due a touch.
   */
  async function answerWithoutChanging(message: InboundMessage, key: string): Promise<EngineReply | undefined> {
    const at = now()
    // The topic is read beside the session: in Redis mode both go out in one write, one round trip.
    const topicRead = deps.topics?.get(key)
    topicRead?.catch(() => {}) // awaited below, or dropped with the turn it was read for
    const stored = await deps.sessions.get(key)
    if (stored && (stored.form || stored.guided || stored.amend || at.getTime() - Date.parse(stored.updatedAt) > TOUCH_INTERVAL_MS)) return undefined
    if (message.messageId && stored?.lastReply?.messageId === message.messageId) return stored.lastReply.reply
    // Only a worker who has applied can be owed a 补正: then the office's answers are read (one store read).
    if (await hasPendingAmend(deps, stored)) return undefined
    // answerQuestion() reads only the message and the topic (kept beside the session): a new asker gets no
    // session made for nothing.
    const turn: Turn = { message, session: stored ?? NO_SESSION, replies: [], applicationId: null, now: at, today: todayInChina(at) }
    if (topicRead) {
      turn.topic = await topicRead
      turn.topicRead = true
    }
    const answer = await answerQuestion(turn)
    deps.logger?.debug({ key, chars: message.text.length }, 'turn')
    const notices = await noticesFor(message, stored)
    const reply: EngineReply = { replies: notices.length ? [...notices, ...turn.replies] : turn.replies, awaiting: null, form: null, applicationId: null }
    return answer.mode === 'extractive' && !notices.length ? sharedReply(`${message.inGroup ? 'group' : 'direct'}:${message.text}`, reply) : reply
  }

  /**
   * The office's notices waiting for this worker (a pull channel's, casework), shown before the reply. Only a
   * conversation that has submitted an application can have any: every other turn skips the store.
   */
  async function noticesFor(message: InboundMessage, session: Session | undefined): Promise<string[]> {
    if (!deps.takeNotices || !session?.submitted.length) return []
    return deps.takeNotices(message)
  }

  // An extractive answer to a plain question is the same every time it is asked: one frozen reply object per
  // question is handed out, so a channel can serialise it once (chat-route.ts keeps the bytes by object).
  const sharedReplies = new Map<string, EngineReply>()
  function sharedReply(key: string, reply: EngineReply): EngineReply {
    const known = sharedReplies.get(key)
    if (known && known.replies.length === reply.replies.length && known.replies.every((r, i) => r === reply.replies[i])) return known
    Object.freeze(reply.replies)
    setBounded(sharedReplies, key, Object.freeze(reply), REMEMBERED_VERDICTS)
    return reply
  }

  // Conversations whose last turn here left a form or check open: their next message is most likely an answer,
  // so it goes straight to the full path, without first reading the session for the lock-free one. Only a hint
  // (another instance may have moved the conversation on): either path is correct for any message.
  const openHere = new Set<string>()
  function noteOpen(key: string, reply: EngineReply): void {
    if (!reply.form && !reply.awaiting) openHere.delete(key)
    else addBounded(openHere, key, REMEMBERED_OPEN)
  }

  return {
    conversationKey,
    standsAlone: (text) =>
      isCancel(text) || isConfirm(text) || Boolean(matchFormTrigger(deps.forms, text)) || ACTS_ALONE.some((intent) => deps.intents.is(intent, text)) ||
      isStatusQuestion(text) || isSummaryReply(text) || isBareApply(text) || isEligibilityQuestion(text),
    handle(incoming) {
      const message = { ...incoming, text: (incoming.text ?? '').slice(0, MAX_MESSAGE_CHARS) }
      const key = conversationKey(message)
      const plain = !openHere.has(key) && message.text.trim() !== '' && isPlainQuestion(message.text)
      // In this conversation's order on this instance either way: a question never overtakes an earlier message.
      return deps.lock.runOrdered(key, async (exclusive) => {
        try {
          const reply =
            (plain && (await answerWithoutChanging(message, key))) ||
            (await exclusive(() => deps.sessions.get(key), (stored, fence) => handleInLock(message, key, stored, fence)))
          noteOpen(key, reply)
          return reply
        } catch (err) {
          // The turn may have changed the session part-way without saving it: drop any copy held in memory.
          deps.sessions.forget(key)
          throw err
        }
      })
    },
  }
}
