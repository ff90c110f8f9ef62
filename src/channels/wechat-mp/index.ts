export { createWechatMpChannel } from './channel.js'
export { wechatMpConfigFrom, type WechatMpConfig } from './config.js'
