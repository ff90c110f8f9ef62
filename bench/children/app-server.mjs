// The assistant as `npm start` runs it (the .build bundle on plain Node: createApp + start), for the HTTP
// bench; sends its URL when ready. The bench builds first (scripts/build.mjs).
import { createApp } from '../../.build/app.js'

const app = createApp()
await app.start()
process.send({ url: app.url })
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)))
