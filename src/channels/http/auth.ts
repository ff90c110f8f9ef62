// API_TOKEN: when set, every /api/* request needs `Authorization: Bearer <token>`. Compared in constant
// time over SHA-256 digests, so neither the content nor the length of the token leaks through timing.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()

/** True for /api and /api/… whether matched by a route (its pattern) or not (the decoded raw path). */
function isApiPath(request: FastifyRequest): boolean {
  const under = (path: string) => path === '/api' || path.startsWith('/api/')
  const routePattern = request.routeOptions?.url
  if (routePattern && under(routePattern)) return true
  const rawPath = request.url.split('?')[0]
  let decoded = rawPath
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    // a malformed escape: judge the raw path
  }
  const normalised = decoded.replace(/\/{2,}/g, '/').toLowerCase()
  return under(normalised) || under(rawPath.toLowerCase())
}

/** Routes under /api whose own signature is their authentication (CONTRACT.md "Case status"): no API_TOKEN. */
const SIGNED_ROUTES = new Set(['/api/webhooks/case-status'])

/** An onRequest hook: `app.addHook('onRequest', requireApiToken(config.API_TOKEN))`. No token: open. */
export function requireApiToken(token?: string) {
  const check = requireBearerToken(token)
  return async function apiTokenHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (token && isApiPath(request) && !SIGNED_ROUTES.has(request.routeOptions?.url ?? '')) await check(request, reply)
  }
}

/** The same Bearer check for one route outside /api (GET /metrics): `{ onRequest: requireBearerToken(t) }`. */
export function requireBearerToken(token?: string) {
  const authorized = bearerChecker(token)
  return async function bearerTokenHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (authorized(request.headers.authorization)) return
    await reply.code(401).header('www-authenticate', 'Bearer').send({ error: UNAUTHORIZED })
  }
}

export const UNAUTHORIZED = 'missing or invalid API token: send Authorization: Bearer <API_TOKEN>'

/** (Authorization header) -> allowed? Always true when no token is configured. Constant time. */
export function bearerChecker(token?: string): (header: string | undefined) => boolean {
  const expected = token ? digest(token) : undefined
  return (header) => {
    if (!expected) return true
    const match = /^Bearer\s+(.+)$/i.exec((header ?? '').trim())
    const given = digest(match ? match[1].trim() : '')
    return Boolean(match) && timingSafeEqual(given, expected)
  }
}
