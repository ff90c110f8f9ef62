// Redis URLs as logs show them. On its own, so the lazy Redis backend can describe where its data lives without
// loading the Redis drivers (src/composition/lazy-redis-backend.ts).

/** The URL without its password, for logs (redis://:secret@host:6379/2 -> redis://host:6379/2). */
export function describeRedisUrl(url: string): string {
  const parsed = new URL(url)
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`
}
