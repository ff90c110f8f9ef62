// The assistant as `npm start` runs it (createApp + start), for the HTTP bench; sends its URL when ready.
import { createApp } from '../../src/app.js'

const app = createApp()
await app.start()
process.send!({ url: app.url })
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)))
