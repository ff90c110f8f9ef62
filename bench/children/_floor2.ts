import type { AddressInfo } from 'node:net'
import { createHttpServer } from '../../src/channels/http/server.js'
import { createLogger } from '../../src/logger.js'
import { createMetrics, observeHttpLatency } from '../../src/metrics/index.js'
const app = createHttpServer({ logger: createLogger('info') })
if (process.env.WITH_METRICS) observeHttpLatency(createMetrics(), app)
app.post('/', async (request) => ({ ok: true, answer: 'fixed', got: typeof request.body }))
await app.listen({ host: '127.0.0.1', port: 0 })
process.send!({ url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` })
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)))
