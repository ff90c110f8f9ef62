// The hotline console: static files served by the API server itself (no build step, no separate service).
// Files are read once at registration, so a request never touches the disk.
import { readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { projectPath } from '../../paths.js'

const CONSOLE_DIR = projectPath('src/channels/http/console')

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
}

// The page only talks to its own origin and renders data with textContent; the policy says so to the browser too.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
}

interface StaticFile {
  body: Buffer
  type: string
}

function loadConsoleFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>()
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[extname(name)]
    if (type) files.set(name, { body: readFileSync(join(dir, name)), type })
  }
  if (!files.has('index.html')) throw new Error(`console page missing: ${join(dir, 'index.html')}`)
  return files
}

function send(reply: FastifyReply, file: StaticFile): FastifyReply {
  return reply.headers(SECURITY_HEADERS).type(file.type).send(file.body)
}

/** GET / -> the console page; GET /console/<file> -> its scripts and styles. */
export function registerConsoleRoutes(app: FastifyInstance, options: { dir?: string } = {}): void {
  const files = loadConsoleFiles(options.dir ?? CONSOLE_DIR)
  const index = files.get('index.html')!
  app.get('/', async (_request, reply) => send(reply, index))
  app.get<{ Params: { file: string } }>('/console/:file', async (request, reply) => {
    const file = files.get(request.params.file)
    if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('not found')
    return send(reply, file)
  })
}
