// `npm start`: read .env if present, build the app, start it, stop cleanly on SIGINT/SIGTERM.
import { existsSync } from 'node:fs'
import { createApp } from './app.js'
import { StartupError } from './startup-error.js'

if (existsSync('.env')) process.loadEnvFile('.env')

try {
  const app = createApp()
  await app.start()
  const shutdown = async (signal: string) => {
    app.logger.info({ signal }, 'stopping')
    await app.stop()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
} catch (err) {
  if (err instanceof StartupError) {
    console.error(err.message)
    process.exit(1)
  }
  throw err
}
