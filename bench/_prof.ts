import { createApp } from '../src/app.js'
import { evalQuestions } from './lib/questions.js'
const qs = evalQuestions()
const t0 = performance.now()
const app = createApp({ env: { PORT: '0', LOG_LEVEL: 'info', DATA_DIR: process.env.DATA_DIR } })
console.error('createApp', performance.now() - t0)
const which = process.argv[2]
let t = performance.now(); let n = 0
if (which === 'ask') { while (performance.now() - t < 3000) await app.answerer.ask(qs[n++ % qs.length]) }
if (which === 'retrieve') { while (performance.now() - t < 3000) app.answerer.retrieve(qs[n++ % qs.length]) }
if (which === 'handle') { while (performance.now() - t < 3000) await app.handle({ channel: 'api', userId: 'u' + n, text: qs[n++ % qs.length] }) }
console.error(which, n, 'per sec', n / (performance.now() - t) * 1000)
await app.stop()
