export { createWechatMpChannel, type OfficialChannel, type OfficialDeps } from './channel.js'
export { wechatMpConfigFrom, type WechatMpConfig } from './config.js'
