// The bounded Map and Set every cache of the process uses: at most `max` entries, the oldest dropped first,
// an existing key replaced in place.
import { describe, expect, it } from 'vitest'
import { addBounded, setBounded } from '../src/bounded.js'

describe('bounded maps and sets', () => {
  it('drop the oldest entry to make room for a new key, never for one already there', () => {
    const map = new Map<string, number>()
    for (const [i, k] of ['a', 'b', 'c'].entries()) setBounded(map, k, i, 3)
    setBounded(map, 'b', 10, 3) // an existing key: nothing dropped, its place kept
    expect([...map]).toEqual([['a', 0], ['b', 10], ['c', 2]])
    setBounded(map, 'd', 3, 3)
    expect([...map.keys()]).toEqual(['b', 'c', 'd'])
    // Least recently used: delete before setting again, and the key moves to the end.
    map.delete('b')
    setBounded(map, 'b', 11, 3)
    setBounded(map, 'e', 4, 3)
    expect([...map.keys()]).toEqual(['d', 'b', 'e'])

    const set = new Set<string>()
    for (const k of ['x', 'y', 'x', 'z']) addBounded(set, k, 2)
    expect([...set]).toEqual(['y', 'z'])
  })
})
