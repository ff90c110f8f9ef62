// The process's caches and memories keep at most so many entries and drop the oldest first. A Map or Set
// iterates in insertion order, so its first key is the oldest; a caller that wants least-recently-used order
// deletes a key before setting it again.

/** Sets `key`, first dropping the oldest entry when a new key would take the map past `max`. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): Map<K, V> {
  if (map.size >= max && !map.has(key)) map.delete(map.keys().next().value as K)
  return map.set(key, value)
}

/** Adds `value`, first dropping the oldest when a new value would take the set past `max`. */
export function addBounded<T>(set: Set<T>, value: T, max: number): Set<T> {
  if (set.size >= max && !set.has(value)) set.delete(set.values().next().value as T)
  return set.add(value)
}
