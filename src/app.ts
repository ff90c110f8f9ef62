// The composition root: config -> stores -> services -> channels. `npm start` (src/main.ts), the tests and
// operators embedding the assistant all build it here (CONTRACT.md "Embedding").
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type Keyv from 'keyv'
import { createAnswerer, type Answerer } from './answer/answerer.js'
import { createFollowUps, TOPIC_TTL_MS, type Topic } from './answer/follow-up.js'
import { createRetriever } from './answer/retrieve.js'
import { registerApplicationsRoutes } from './channels/http/applications-route.js'
import { registerAskRoute } from './channels/http/ask-route.js'
import { registerChatRoute } from './channels/http/chat-route.js'
import { registerConsoleRoutes } from './channels/http/console-route.js'
import { registerEligibilityRoute } from './channels/http/eligibility-route.js'
import { registerGapsRoute } from './channels/http/gaps-route.js'
import { registerMetricsRoute } from './channels/http/metrics-route.js'
import { createHttpServer } from './channels/http/server.js'
import type { WechatChannel, WechatChannelConfig } from './channels/wechat/index.js'
import { loadConfig, type Config } from './config.js'
import { createEngine } from './conversation/engine.js'
import { createGapLog } from './conversation/gaps.js'
import { loadIntents } from './conversation/intents.js'
import { createKeyedMutex } from './conversation/keyed-mutex.js'
import { createTopicStore } from './conversation/topic-store.js'
import { createCachedSessionStore } from './conversation/session-cache.js'
import { createKeyvSessionStore, type SessionStore } from './conversation/session-store.js'
import { loadEligibilityKnowledge } from './eligibility/knowledge.js'
import type { ConversationEngine, EngineReply, InboundMessage } from './conversation/types.js'
import { createSqliteApplicationStore } from './handoff/sqlite-outbox.js'
import type { ApplicationStore } from './handoff/types.js'
import { createDeliveryWorker, describeHandoff, type DeliveryWorker } from './handoff/worker.js'
import { loadKnowledge } from './knowledge/index.js'
import { documentsDir } from './knowledge/corpus.js'
import { knowledgeDataDir } from './knowledge/data-dir.js'
import { createLiveCorpus, type LiveCorpus } from './knowledge/live-corpus.js'
import { createDatedAnswerer, type DatedAnswerer } from './answer/dated-answerer.js'
import { registerDocumentsRoute } from './channels/http/documents-route.js'
import { todayInChina } from './china-today.js'
import { noticeTaker } from './casework/inbox.js'
import { createNoticeWorker } from './casework/notice-worker.js'
import { registerCaseStatusRoute } from './casework/route.js'
import { createSqliteCaseStore } from './casework/sqlite-case-store.js'
import type { CaseStore } from './casework/types.js'
import { createLogger, type Logger } from './logger.js'
import { loadForms } from './intake/load-forms.js'
import { createLlmPhraser } from './llm/phraser.js'
import { collectDeliveries, collectLlmUsage, countAnswers, countMessages, createMetrics, formEvents, observeHttpLatency, type AppMetrics } from './metrics/index.js'
import { keysOf, schedulePurge, sqliteKeyv } from './storage/keyv-sqlite-store.js'
import { createLazyRedisBackend } from './composition/lazy-redis-backend.js'
import type { RedisTuning } from './composition/redis-backend.js'
import { startCheckpointer, type Checkpointer } from './storage/checkpointer.js'
import { openDatabase } from './storage/sqlite.js'
import { writeBatchOf } from './storage/write-batch.js'

export interface AppOptions {
  /** Overrides for environment variables (merged over process.env). */
  env?: Record<string, string | undefined>
  /** An already-built Wechaty instance for the WeChat channel to run on. */
  wechaty?: unknown
  /** WeChat channel tuning over the config (tests shorten the burst window and the pause between parts). */
  wechat?: Partial<WechatChannelConfig>
  logger?: Logger
  /** Redis-mode timings (tests shorten them). */
  redis?: RedisTuning
}

/** Conversations kept in memory in SQLite mode: the active ones (a few KB each), not every session. */
const CACHED_SESSIONS = 1000

export interface App extends ConversationEngine {
  start(): Promise<void>
  stop(): Promise<void>
  handle(message: InboundMessage): Promise<EngineReply>
  /** The HTTP server's base URL once started (e.g. http://127.0.0.1:3000). */
  readonly url: string
  readonly config: Config
  readonly answerer: Answerer
  readonly logger: Logger
  /** The outbox: submitted applications and their delivery state. */
  readonly applications: ApplicationStore
  /** Call wake() right after a submit so delivery starts at once. */
  readonly deliveryWorker: DeliveryWorker
  /** This app's own Prometheus registry (GET /metrics). */
  readonly metrics: AppMetrics
  /** The policy documents as they serve now; reload() reads the files at once (the watcher does it within seconds). */
  readonly knowledge: LiveCorpus
}

export function createApp(options: AppOptions = {}): App {
  const env = { ...process.env, ...options.env }
  const config = loadConfig(env)
  const logger = options.logger ?? createLogger(config.LOG_LEVEL)
  const metrics = createMetrics()
  // The policy documents (knowledge/documents/) are watched and swapped in when they change (docs/knowledge.md);
  // the answerer for today's documents is built before each swap.
  let datedAnswerer: DatedAnswerer | undefined
  const corpus = createLiveCorpus({ dir: documentsDir(config.KNOWLEDGE_DIR), logger, prepare: (c) => datedAnswerer?.prepare(c) })
  const dataDir = knowledgeDataDir(config.KNOWLEDGE_DIR)
  const knowledge = loadKnowledge(dataDir, corpus.current())
  // Programmes and guided-check questions; every quote is checked against the document at start-up.
  const eligibility = loadEligibilityKnowledge(dataDir, corpus.current)
  // REDIS_URL: sessions, gaps, answers, locks and the outbox live in Redis, and the SQLite file is never opened.
  const redis = config.REDIS_URL
    ? createLazyRedisBackend({
        url: config.REDIS_URL,
        prefix: config.REDIS_PREFIX,
        maxAttempts: config.HANDOFF_MAX_ATTEMPTS,
        lockTtlMs: config.REDIS_LOCK_TTL_MS,
        jobLockDurationMs: config.HANDOFF_JOB_LOCK_MS,
        stalledIntervalMs: config.HANDOFF_STALLED_INTERVAL_MS,
        logger,
        ...options.redis,
      })
    : undefined
  const db = redis ? undefined : openDatabase(config.DATA_DIR)
  const keyvFor = <T>(namespace: string): Keyv<T> => (redis ? redis.keyv<T>(namespace) : sqliteKeyv<T>(db!, namespace).keyv)

  const gaps = createGapLog(keyvFor('gaps'), { lock: redis?.lock })
  const topics = createTopicStore(keyvFor<Topic>('topics'), {
    ttlMs: TOPIC_TTL_MS,
    soleWriter: !redis, // SQLite mode is one instance; with Redis, others may move a conversation on
    onError: (err) => logger.warn({ err }, 'could not save conversation topics'),
  })
  const texts = { referral: config.REFERRAL_TEXT, glosses: knowledge.glosses }
  // With OPENAI_API_KEY a model words the answers; the extractive answer stays the gate and the fallback.
  const phraser = createLlmPhraser({ config, cacheKeyv: keyvFor('answers'), texts, logger })
  datedAnswerer = createDatedAnswerer({
    corpus: corpus.current,
    answererFor: (kb) => createAnswerer({ kb, retriever: createRetriever({ ...knowledge, kb }), texts, phraser: phraser ?? undefined, gaps, logger }),
  })
  datedAnswerer.prepare(corpus.current())
  const answerer = countAnswers(metrics, datedAnswerer)
  if (phraser) collectLlmUsage(metrics, () => phraser.usage())

  const http = createHttpServer({ logger, apiToken: config.API_TOKEN })
  observeHttpLatency(metrics, http)
  registerMetricsRoute(http, { metrics, apiToken: config.API_TOKEN })
  http.get('/healthz', async () => ({
    ok: true,
    policyVersion: answerer.knowledgeVersion(),
    documents: corpus.current().on(todayInChina()).documents.map((d) => d.title),
    mode: phraser ? 'llm' : 'extractive',
    ...(phraser ? { llm: phraser.usage() } : {}),
  }))
  registerAskRoute(http, { answerer })
  registerDocumentsRoute(http, { corpus: corpus.current })
  registerGapsRoute(http, { gaps })
  registerEligibilityRoute(http, eligibility)
  registerConsoleRoutes(http)

  const applications: ApplicationStore = redis ? redis.applications : createSqliteApplicationStore(db!)
  const handoff = { url: config.HANDOFF_WEBHOOK_URL, secret: config.HANDOFF_WEBHOOK_SECRET }
  const deliveryOptions = {
    ...handoff,
    retryBaseMs: config.HANDOFF_RETRY_BASE_MS,
    timeoutMs: config.HANDOFF_TIMEOUT_MS,
    maxAttempts: config.HANDOFF_MAX_ATTEMPTS,
    logger,
  }
  // The same shape either way: BullMQ's worker in Redis mode, the SQLite outbox poller otherwise.
  const deliveryWorker = redis
    ? redis.deliveryWorker(deliveryOptions)
    : createDeliveryWorker({ store: applications, ...deliveryOptions })
  // Issue 24, the office answers back (src/casework): status events in, kept with the application; notices out.
  const forms = loadForms(join(dataDir, 'forms'))
  const caseStore: CaseStore = redis ? redis.caseStore : createSqliteCaseStore(db!)
  const noticeWorker = createNoticeWorker({ store: caseStore, logger })
  const caseInfo = (ids: string[]) => caseStore.info(ids)
  registerCaseStatusRoute(http, {
    secret: config.CASE_STATUS_SECRET,
    store: caseStore,
    applications,
    formTitle: (id) => forms.find((f) => f.id === id)?.title ?? id,
    fieldLabel: (formId, fieldId) => forms.find((f) => f.id === formId)?.fields.find((f) => f.id === fieldId)?.label,
    quietHours: config.NOTICE_QUIET_HOURS,
    pushChannels: new Set(['wechat']),
    onNotice: () => noticeWorker.wake(),
    logger,
  })
  registerApplicationsRoutes(http, { store: applications, worker: deliveryWorker, handoffConfigured: Boolean(handoff.url), caseInfo })
  collectDeliveries(metrics, applications)

  let url = ''
  let started = false
  let stopPurge: (() => void) | undefined
  let checkpointer: Checkpointer | undefined

  // SQLite mode: this process alone writes the sessions, so the active ones can be served from memory.
  function sessionStore(): SessionStore {
    const ttlMs = config.SESSION_TTL_DAYS * 86_400_000
    // Redis mode: a locked turn's write goes with the lock's release, and only while the lock is the turn's.
    const store = createKeyvSessionStore(keyvFor('sessions'), ttlMs, redis?.fencedSet('sessions'))
    if (redis) return store
    return createCachedSessionStore(store, { maxEntries: CACHED_SESSIONS, ttlMs, existingKeys: keysOf(db!, 'sessions') })
  }

  const engine = countMessages(metrics, createEngine({
    forms,
    intents: loadIntents(dataDir),
    answerer,
    followUps: createFollowUps(knowledge.dictionary),
    topics,
    eligibility,
    applications,
    onSubmitted: () => deliveryWorker.wake(),
    handoffConfigured: Boolean(handoff.url),
    policyVersion: () => answerer.knowledgeVersion(),
    referral: config.REFERRAL_TEXT,
    formExpiryMs: config.FORM_EXPIRY_HOURS * 3_600_000,
    sessions: sessionStore(),
    lock: redis ? redis.lock : createKeyedMutex(),
    logger,
    events: formEvents(metrics),
    formAssist: phraser ? (fields, text) => phraser.proposeFields(fields, text) : undefined,
    caseInfo,
    takeNotices: noticeTaker(caseStore, (err) => logger.warn({ err }, 'case status: could not read notices')),
  }))
  registerChatRoute(http, { engine })

  // WeChat runs on the Wechaty it is given (tests, operators) or, when WECHATY_PUPPET is set, on one built here.
  // Imported only then: Wechaty takes seconds to load.
  let wechat: WechatChannel | undefined
  const startWechat = async () => {
    if (!options.wechaty && !config.WECHATY_PUPPET) return
    const { buildWechaty, createWechatChannel, wechatConfigFrom } = await import('./channels/wechat/index.js')
    const wechaty = (options.wechaty as Parameters<typeof createWechatChannel>[0]['wechaty'] | undefined) ?? buildWechaty(config)
    wechat = createWechatChannel({ wechaty, engine, logger, config: wechatConfigFrom(config, options.wechat) })
    await wechat.start()
    const channel = wechat
    noticeWorker.addSender('wechat', (userId, text) => channel.notify(userId, text))
  }

  // 公众号 and 企业微信 / 微信客服 (CONTRACT.md "Official WeChat channels"): their callback routes on this server, only
  // when configured (docs/wechat-official.md). Tokens, seen message ids and 微信客服 cursors live in the shared store.
  let official: { stop(): Promise<void> } | undefined
  const startOfficialWechat = async () => {
    if (!config.WECHAT_MP_APPID && !config.WECOM_CORP_ID) return
    const { createOfficialChannels } = await import('./channels/wechat-official/index.js')
    const lock = redis ? redis.lock : createKeyedMutex()
    const channels = createOfficialChannels(config, { http, engine, logger, keyv: keyvFor, lock, retryBaseMs: config.HANDOFF_RETRY_BASE_MS })
    official = channels
    // Case-status notices: applications made here carry the engine's channel 'wechat', as Wechaty's do. A notice
    // goes out on the official channel its user applied through; for any other user this sender steps aside and
    // the Wechaty channel's (registered in startWechat, after this one) is tried.
    noticeWorker.addSender('wechat', async (userId, text) => ((await channels.notify(userId, text)) ? undefined : false))
  }

  return {
    config,
    logger,
    answerer,
    applications,
    deliveryWorker,
    metrics,
    knowledge: corpus,
    get url() {
      return url
    },
    handle: (message) => engine.handle(message),
    async start() {
      if (started) return
      await redis?.ready()
      await phraser?.ready()
      await startOfficialWechat()
      await http.listen({ host: config.HOST, port: config.PORT })
      const address = http.server.address() as AddressInfo
      url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
      started = true
      logger.info(redis ? `storage: Redis at ${redis.description}` : `storage: SQLite in ${config.DATA_DIR}`)
      const handoffLine = describeHandoff(handoff)
      logger[handoffLine.level](handoffLine.message)
      deliveryWorker.start()
      // Expired sessions and cache entries: Redis expires its own keys, SQLite rows are purged hourly.
      if (db) {
        stopPurge = schedulePurge(db, 3_600_000, (err) => logger.warn({ err }, 'could not purge expired rows'))
        checkpointer = startCheckpointer(db, { onError: (err) => logger.warn({ err }, 'SQLite checkpointer') })
      }
      await startWechat()
      releaseStartupGarbage()
      corpus.watch()
      logger.info({ url, policyVersion: answerer.knowledgeVersion() }, 'assistant started')
    },
    async stop() {
      corpus.stop()
      await noticeWorker.stop()
      await wechat?.stop()
      wechat = undefined
      if (started) await http.close()
      await official?.stop()
      official = undefined
      await deliveryWorker.stop()
      await gaps.flush().catch((err: unknown) => logger.warn({ err }, 'could not write the last unanswered questions'))
      await topics.close()
      stopPurge?.()
      await checkpointer?.stop()
      checkpointer = undefined
      started = false
      if (redis) await redis.close()
      else {
        writeBatchOf(db!).flushNow() // anything still waiting for its commit
        db!.close()
      }
    },
  }
}

/**
 * Start-up leaves garbage in V8's old generation (the knowledge being read, and in Redis mode the loading of its
 * client libraries: about 20 MB there), kept committed until a full collection happens to come. One now gives it
 * back, at the cost of a pause of a few milliseconds that a first request may meet. Only when gc is exposed:
 * `npm start` runs node with --expose-gc.
 */
function releaseStartupGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}
