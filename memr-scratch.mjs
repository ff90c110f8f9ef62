import { createApp } from './.build/app.js'
const settle = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage() }
const f = (m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, (v / 1048576).toFixed(1)]))
console.log('bare node', f(settle()))
const app = createApp()
await app.start()
await new Promise((r) => setTimeout(r, 500))
console.log(process.env.REDIS_URL ? 'redis' : 'sqlite', f(settle()))
await app.stop(); process.exit(0)
