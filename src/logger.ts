// One pino logger for the process. Every string that goes through it is masked (ID and phone numbers),
// and secrets are redacted by key, so no personal data or secret reaches a log line.
import pino, { type Logger } from 'pino'
import { maskDeep, maskText } from './privacy/mask.js'

export type { Logger }

const SECRET_KEYS = ['secret', 'apiKey', 'token', 'authorization', 'password', 'HANDOFF_WEBHOOK_SECRET', 'OPENAI_API_KEY', 'API_TOKEN']

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), 'req.headers.authorization'],
        censor: '[redacted]',
      },
      hooks: {
        // Mask every argument (objects and message strings) before pino serialises it.
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskText(a) : a instanceof Error ? a : maskDeep(a)))
          return method.apply(this, masked as Parameters<typeof method>)
        },
      },
    },
    destination,
  )
}
