// npm run chat: talk to the assistant in the terminal, as a worker would on WeChat (same engine, same data).
import { createInterface } from 'node:readline/promises'
import { createApp } from '../app.js'

const app = createApp({ env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } })
const userId = process.env.CHAT_USER ?? 'terminal-user'
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY })

console.log('宁波灵活就业政策助手（终端）。输入问题开始，Ctrl+D 退出。\n')
rl.setPrompt('你> ')
rl.prompt()
for await (const line of rl) {
  if (line.trim()) {
    const result = await app.handle({ channel: 'terminal', userId, text: line })
    for (const reply of result.replies) console.log(`\n助手> ${reply}\n`)
  }
  rl.prompt()
}
await app.stop()
