// A Wechaty for a real account. The puppet and its token come from Wechaty's own variables
// (WECHATY_PUPPET, WECHATY_PUPPET_SERVICE_TOKEN, …); the name keeps the login in policy-assistant.memory-card.json.
import { WechatyBuilder, type Wechaty } from 'wechaty'
import type { Config } from '../../config.js'

export function buildWechaty(config: Pick<Config, 'WECHATY_PUPPET' | 'WECHATY_PUPPET_SERVICE_TOKEN'>): Wechaty {
  return WechatyBuilder.build({
    name: 'policy-assistant',
    // Wechaty's PuppetModuleName is a closed union; an operator may name any puppet package.
    puppet: config.WECHATY_PUPPET as never,
    puppetOptions: config.WECHATY_PUPPET_SERVICE_TOKEN ? { token: config.WECHATY_PUPPET_SERVICE_TOKEN } : undefined,
  })
}
