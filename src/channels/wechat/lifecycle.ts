// Keeping the account connected: show the login QR, log login/logout/errors, restart with backoff after a
// logout or a puppet error, and alert the operator (the log, and WECHAT_ADMIN on WeChat when reachable).
import qrcodeTerminal from 'qrcode-terminal'
import { ScanStatus, qrcodeValueToImageUrl, type Wechaty } from 'wechaty'
import type { Logger } from '../../logger.js'

export interface LifecycleOptions {
  wechaty: Wechaty
  logger: Logger
  admin?: string
  restartBaseMs: number
  restartMaxMs: number
  /** Where the QR code is drawn; the terminal by default. */
  printQr?: (qrcode: string) => void
}

export interface Lifecycle {
  attach(): void
  /** Stops any pending restart and detaches the listeners. */
  detach(): void
  /** Restarts scheduled so far (for tests and metrics). */
  readonly restarts: number
}

export function createLifecycle(options: LifecycleOptions): Lifecycle {
  const { wechaty, logger } = options
  let failures = 0
  let restarts = 0
  let restartTimer: NodeJS.Timeout | undefined
  let stopped = false
  // Our own restart logs the puppet out, and a failing alert can raise errors: neither may start another cycle.
  let restarting = false
  let alerting = false
  const pendingAlerts: string[] = []

  const printQr = options.printQr ?? ((qrcode: string) => qrcodeTerminal.generate(qrcode, { small: true }))

  const onScan = (qrcode: string, status: ScanStatus) => {
    if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
      logger.info({ url: qrcodeValueToImageUrl(qrcode), status: ScanStatus[status] }, 'wechat: scan the QR code to log in')
      printQr(qrcode)
    } else {
      logger.info({ status: ScanStatus[status] }, 'wechat: scan status')
    }
  }

  const onLogin = (user: { name(): string }) => {
    failures = 0
    logger.info({ user: user.name() }, 'wechat: logged in')
    void flushAlerts()
  }

  const onLogout = (user: { name(): string }, reason?: string) => {
    if (restarting) return
    logger.warn({ user: user.name(), reason }, 'wechat: logged out')
    alert(`政策助手微信掉线了（${reason ?? '原因未知'}），正在自动重启。`)
    scheduleRestart('logout')
  }

  const onError = (error: Error) => {
    logger.error({ err: error }, 'wechat: puppet error')
    if (restarting || alerting) return
    alert(`政策助手微信出错：${error.message}。正在自动重启。`)
    scheduleRestart('error')
  }

  function alert(text: string) {
    logger.warn({ alert: text }, 'wechat: operator alert')
    if (!options.admin) return
    pendingAlerts.push(text)
    if (wechaty.isLoggedIn) void flushAlerts()
  }

  // An alert raised while logged out is sent on the next login.
  async function flushAlerts() {
    if (!options.admin || pendingAlerts.length === 0 || alerting) return
    alerting = true
    try {
      const admin = await findAdmin(options.admin)
      if (!admin) {
        logger.warn('wechat: WECHAT_ADMIN not found among contacts')
        return
      }
      const texts = pendingAlerts.splice(0)
      await admin.say(texts.join('\n'))
    } catch (error) {
      logger.warn({ err: error }, 'wechat: could not alert WECHAT_ADMIN')
    } finally {
      alerting = false
    }
  }

  // By name first; an id is matched in the contact list (Contact.find({ id }) raises an error event when absent).
  async function findAdmin(nameOrId: string) {
    const byName = await wechaty.Contact.find({ name: nameOrId })
    if (byName) return byName
    return (await wechaty.Contact.findAll()).find((contact) => contact.id === nameOrId)
  }

  function scheduleRestart(why: string) {
    if (stopped || restartTimer) return
    const delay = Math.min(options.restartMaxMs, options.restartBaseMs * 2 ** failures)
    failures++
    restarts++
    logger.warn({ why, delayMs: delay }, 'wechat: restarting the channel')
    restartTimer = setTimeout(() => {
      restartTimer = undefined
      if (stopped) return
      void (async () => {
        restarting = true
        try {
          await wechaty.stop()
          if (!stopped) await wechaty.start()
        } catch (error) {
          logger.error({ err: error }, 'wechat: restart failed')
          restarting = false
          scheduleRestart('restart failed')
        } finally {
          restarting = false
        }
      })()
    }, delay)
  }

  return {
    attach() {
      stopped = false
      wechaty.on('scan', onScan)
      wechaty.on('login', onLogin)
      wechaty.on('logout', onLogout)
      wechaty.on('error', onError)
    },
    detach() {
      stopped = true
      if (restartTimer) clearTimeout(restartTimer)
      restartTimer = undefined
      wechaty.off('scan', onScan)
      wechaty.off('login', onLogin)
      wechaty.off('logout', onLogout)
      wechaty.off('error', onError)
    },
    get restarts() {
      return restarts
    },
  }
}
