// The corpus as it is now, kept current with the files: a change under the documents directory (add, edit,
// remove) is read, validated and swapped in within seconds, without a restart. The new corpus is prepared
// (its indexes built) before the swap, so no question waits on a build; a question already under way keeps
// the corpus it started with. fs.watch wakes it at once; a poll of the files' sizes and times is the backstop
// (fs.watch can miss events, e.g. on network file systems or when the directory itself is replaced).
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../logger.js'
import { loadCorpus, type Corpus } from './corpus.js'

export interface LiveCorpus {
  current(): Corpus
  /** Reads the files now (also what the watcher calls); resolves once the result serves. */
  reload(): Promise<Corpus>
  /** Starts watching; stop() ends it. */
  watch(): void
  stop(): void
}

export interface LiveCorpusOptions {
  dir: string
  logger?: Logger
  /** Builds what serves from a corpus (today's index) before it is swapped in. */
  prepare?: (corpus: Corpus) => void
  /** Quiet time after a change before reading (editors write in several steps). */
  debounceMs?: number
  pollMs?: number
}

export function createLiveCorpus(options: LiveCorpusOptions): LiveCorpus {
  const { dir, logger, prepare } = options
  const debounceMs = options.debounceMs ?? 300
  const pollMs = options.pollMs ?? 2000
  let corpus = loadCorpus(dir)
  let signature = filesSignature(dir)
  report(corpus, undefined)
  prepare?.(corpus)
  let watcher: FSWatcher | undefined
  let poller: NodeJS.Timeout | undefined
  let debounce: NodeJS.Timeout | undefined
  let reloading: Promise<Corpus> | undefined

  function report(next: Corpus, previous: Corpus | undefined): void {
    if (!logger) return
    for (const f of next.files) {
      const before = previous?.files.find((p) => p.file === f.file)
      if (f.error && f.error !== before?.error) {
        logger.error({ file: f.file, error: f.error, servingLastGood: Boolean(f.document) }, `knowledge: rejected ${f.error}`)
      }
    }
    for (const w of next.warnings) if (!previous?.warnings.includes(w)) logger.warn(`knowledge: ${w}`)
  }

  function swap(): Corpus {
    const next = loadCorpus(dir, corpus)
    prepare?.(next)
    report(next, corpus)
    const loaded = next.files.filter((f) => !f.error).map((f) => f.file)
    logger?.info({ documents: loaded, rejected: next.files.filter((f) => f.error).map((f) => f.file) }, 'knowledge: reloaded')
    corpus = next
    return next
  }

  const reload = (): Promise<Corpus> =>
    (reloading ??= Promise.resolve()
      .then(() => {
        signature = filesSignature(dir)
        return swap()
      })
      .catch((err: unknown) => {
        logger?.error({ err }, 'knowledge: reload failed; the last corpus keeps serving')
        return corpus
      })
      .finally(() => {
        reloading = undefined
      }))

  function changed(): void {
    clearTimeout(debounce)
    debounce = setTimeout(() => {
      if (filesSignature(dir) !== signature) void reload()
    }, debounceMs)
    debounce.unref()
  }

  return {
    current: () => corpus,
    reload,
    watch() {
      if (poller) return
      try {
        if (existsSync(dir)) watcher = watch(dir, { persistent: false }, changed)
        watcher?.on('error', (err) => logger?.warn({ err }, 'knowledge: watching the documents failed; polling'))
      } catch (err) {
        logger?.warn({ err }, 'knowledge: cannot watch the documents directory; polling')
      }
      poller = setInterval(() => {
        if (!reloading && filesSignature(dir) !== signature) changed()
      }, pollMs)
      poller.unref()
    },
    stop() {
      watcher?.close()
      clearInterval(poller)
      clearTimeout(debounce)
      watcher = undefined
      poller = undefined
    },
  }
}

/** Names, sizes and modification times of the documents: what a poll compares. */
function filesSignature(dir: string): string {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => {
        const s = statSync(join(dir, f))
        return `${f}:${s.size}:${s.mtimeMs}`
      })
      .join('|')
  } catch {
    return 'missing'
  }
}
