// The framework's own floor: Fastify (as the assistant configures it: no request logging, the same body
// limit) with one route that parses the JSON body and answers a fixed JSON. The gap between this and the bare
// server is Fastify's; the gap between this and /api/ask is the assistant's own work.
import Fastify from 'fastify'
import type { AddressInfo } from 'node:net'
import { BODY_LIMIT_BYTES } from '../../src/channels/http/server.js'

const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES })
app.post('/', async (request) => ({ ok: true, answer: 'fixed', got: typeof request.body }))
await app.listen({ host: '127.0.0.1', port: 0 })
process.send!({ url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` })
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)))
