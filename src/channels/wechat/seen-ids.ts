// WeChat re-delivers messages (reconnects, puppet restarts): remember recent ids, bounded like an LRU.
import { setBounded } from '../../bounded.js'

export interface SeenIds {
  /** True when the id was seen before; records it either way. */
  checkAndRemember(id: string): boolean
}

export function createSeenIds(capacity = 2000): SeenIds {
  const ids = new Map<string, true>()
  return {
    checkAndRemember(id) {
      if (ids.has(id)) {
        ids.delete(id)
        ids.set(id, true)
        return true
      }
      setBounded(ids, id, true, capacity)
      return false
    },
  }
}
