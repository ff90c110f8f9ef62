// `npm start`: brings .build/ up to date (build.mjs, in this process, so a start costs one Node start-up, not
// two) and runs the service from it on plain Node.
import { buildIfChanged } from './build.mjs'

await buildIfChanged()
await import('../.build/main.js')
