export { createWecomChannel } from './channel.js'
export { wecomConfigFrom, type WecomConfig } from './config.js'
