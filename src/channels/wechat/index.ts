export { createWechatChannel, type WechatChannel, type WechatChannelOptions } from './channel.js'
export { buildWechaty } from './build-wechaty.js'
export { wechatConfigFrom, defaultWechatConfig, type WechatChannelConfig } from './config.js'
