import { startChild } from './lib/child.js'
import { appEnv } from './lib/env.js'
import { askRequests, chatRequests, measure } from './http-load.js'
const which = process.argv[2]
const app = startChild<{ url: string }>('app-server.ts', appEnv('sqlite', undefined), ['--cpu-prof', '--cpu-prof-dir=/tmp/mbench/prof'])
const { url } = await app.first
const r = await measure(url, which === 'chat' ? chatRequests : askRequests, 4)
console.log(which, r)
await app.stop()
