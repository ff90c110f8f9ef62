// The environment, validated once at start-up. A bad value stops start-up with one line naming it.
import { z } from 'zod'
import { projectPath } from './paths.js'
import { StartupError } from './startup-error.js'

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))

const optionalUrl = optionalString.pipe(z.url({ message: 'must be a URL such as http://host:port/path' }).optional())

const boolFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1')

const list = optionalString.transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))

function intIn(def: number, min: number, max: number) {
  return z.coerce
    .number({ message: `must be a whole number from ${min} to ${max}` })
    .int({ message: `must be a whole number from ${min} to ${max}` })
    .min(min, { message: `must be a whole number from ${min} to ${max}` })
    .max(max, { message: `must be a whole number from ${min} to ${max}` })
    .default(def)
}

export const configSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: intIn(3000, 0, 65535),
  DATA_DIR: z.string().min(1).default('./data'),
  // By default the project's own knowledge/, wherever the process was started (an embedder's cwd is its own).
  KNOWLEDGE_DIR: z.string().min(1).default(projectPath('knowledge')),
  REDIS_URL: optionalString.pipe(
    z.string().regex(/^rediss?:\/\//, { message: 'must start with redis:// or rediss://' }).optional(),
  ),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1-40 letters, digits, _ or -' })
    .default('nfpa'),
  // Redis mode: how long a crashed instance's conversation lock (and so its users' next turn) and its delivery
  // in progress are held before another instance takes over (docs/redis.md).
  REDIS_LOCK_TTL_MS: intIn(10_000, 500, 600_000),
  HANDOFF_JOB_LOCK_MS: intIn(30_000, 1000, 600_000),
  HANDOFF_STALLED_INTERVAL_MS: intIn(30_000, 500, 600_000),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: intIn(15_000, 100, 120_000),
  HANDOFF_WEBHOOK_URL: optionalUrl,
  HANDOFF_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, { message: 'must be whsec_ followed by base64' })
      .optional(),
  ),
  HANDOFF_RETRY_BASE_MS: intIn(5000, 1, 3_600_000),
  // Case status (issue 24, src/casework): the office's signed status events in, notices to the worker out.
  CASE_STATUS_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, { message: 'must be whsec_ followed by base64' })
      .optional(),
  ),
  NOTICE_QUIET_HOURS: z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => v !== 'false' && v !== '0'),
  HANDOFF_TIMEOUT_MS: intIn(15_000, 100, 120_000),
  HANDOFF_MAX_ATTEMPTS: intIn(8, 1, 50),
  API_TOKEN: optionalString,
  WECHATY_PUPPET: optionalString,
  WECHATY_PUPPET_SERVICE_TOKEN: optionalString,
  WECHAT_ROOMS: list,
  WECHAT_ADMIN: optionalString,
  WECHAT_SPLIT_CHARS: intIn(500, 50, 4000),
  WECHAT_BURST_MS: intIn(1500, 0, 10_000),
  WECHAT_SEND_PAUSE_MS: intIn(800, 0, 10_000),
  // Official WeChat channels (CONTRACT.md; docs/wechat-official.md): 公众号 and 企业微信 / 微信客服.
  WECHAT_MP_APPID: optionalString,
  WECHAT_MP_SECRET: optionalString,
  WECHAT_MP_TOKEN: optionalString,
  WECHAT_MP_AES_KEY: optionalString.pipe(z.string().regex(/^[A-Za-z0-9]{43}$/, { message: 'must be the 43-character EncodingAESKey' }).optional()),
  WECOM_CORP_ID: optionalString,
  WECOM_TOKEN: optionalString,
  WECOM_AES_KEY: optionalString.pipe(z.string().regex(/^[A-Za-z0-9]{43}$/, { message: 'must be the 43-character EncodingAESKey' }).optional()),
  WECOM_AGENT_ID: optionalString.pipe(z.string().regex(/^\d{1,12}$/, { message: 'must be the app\'s AgentId (digits)' }).optional()),
  WECOM_SECRET: optionalString,
  WECOM_KF_SECRET: optionalString,
  WECHAT_API_BASE: z.url({ message: 'must be a URL such as https://api.weixin.qq.com' }).default('https://api.weixin.qq.com'),
  WECOM_API_BASE: z.url({ message: 'must be a URL such as https://qyapi.weixin.qq.com' }).default('https://qyapi.weixin.qq.com'),
  TRANSCRIBE_BASE_URL: optionalUrl,
  TRANSCRIBE_API_KEY: optionalString,
  TRANSCRIBE_MODEL: z.string().min(1).default('whisper-1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FORM_EXPIRY_HOURS: intIn(72, 1, 24 * 365),
  SESSION_TTL_DAYS: intIn(30, 1, 3650),
  REFERRAL_TEXT: z
    .string()
    .min(1)
    .default('请咨询当地人力资源和社会保障部门（可拨打 12333 人社服务热线），或到所在区（县、市）人社窗口办理。'),
})

export type Config = z.output<typeof configSchema>

export class ConfigError extends StartupError {}

const SECRETS = new Set(['OPENAI_API_KEY', 'HANDOFF_WEBHOOK_SECRET', 'CASE_STATUS_SECRET', 'API_TOKEN', 'WECHATY_PUPPET_SERVICE_TOKEN', 'TRANSCRIBE_API_KEY', 'WECHAT_MP_SECRET', 'WECHAT_MP_TOKEN', 'WECHAT_MP_AES_KEY', 'WECOM_TOKEN', 'WECOM_AES_KEY', 'WECOM_SECRET', 'WECOM_KF_SECRET'])

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env)
  if (result.success) return result.data
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment')
    // Never echo a secret, even a malformed one.
    const got = SECRETS.has(name) ? '' : ` (got ${JSON.stringify(env[name] ?? '')})`
    return `${name}: ${issue.message}${got}`
  })
  throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`)
}
