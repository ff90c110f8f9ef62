import { startChild } from './lib/child.js'
import { bareRequests, measure } from './http-load.js'
for (let i = 0; i < 2; i++) for (const [s, env] of [['bare-server.ts', {}], ['fastify-floor.ts', {}], ['_floor2.ts', {}], ['_floor2.ts', { WITH_METRICS: '1' }]] as const) {
  const c = startChild<{ url: string }>(s, env)
  const r = await measure((await c.first).url, bareRequests, 3)
  console.log(s, JSON.stringify(env), Math.round(r.requestsPerSec), r.p99Ms)
  await c.stop()
}
