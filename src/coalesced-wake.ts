// The wake-up of a background loop (the hand-off worker, the notice worker, the WeChat outbound queue): a wake
// runs the pass now, or, when one is under way, once more right after it. Never two passes at once, and no wake
// is lost while a pass runs.

export interface CoalescedWake {
  wake(): void
  /** Resolves once the pass under way, if any, has finished (stop() awaits it). */
  settled(): Promise<void>
}

/** `pass` must not reject (each loop logs its own failures); `canRun` says whether the loop is running. */
export function coalescedWake(pass: () => Promise<void>, canRun: () => boolean): CoalescedWake {
  let passing: Promise<void> | undefined
  let again = false
  function wake(): void {
    if (!canRun()) return
    if (passing) {
      again = true
      return
    }
    passing = pass().finally(() => {
      passing = undefined
      if (again) {
        again = false
        wake()
      }
    })
  }
  return {
    wake,
    async settled() {
      await passing
    },
  }
}
