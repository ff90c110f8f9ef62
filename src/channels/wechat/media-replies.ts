// Kinds of message the assistant cannot read get a short, friendly note on what it can do instead.
import { types } from 'wechaty'

function howToAsk(canHearVoice: boolean): string {
  return `我能读懂文字${canHearVoice ? '和语音' : ''}，请直接${canHearVoice ? '说或' : ''}打字问我，比如“送外卖能交工伤保险吗”“我想申请灵活就业社保补贴”。`
}

const WHAT: Partial<Record<number, string>> = {
  [types.Message.Image]: '图片',
  [types.Message.Video]: '视频',
  [types.Message.Attachment]: '文件',
  [types.Message.Url]: '链接',
  [types.Message.MiniProgram]: '小程序',
  [types.Message.Emoticon]: '表情',
  [types.Message.Location]: '位置',
  [types.Message.Contact]: '名片',
  [types.Message.Post]: '动态',
}

export const ASK_TO_TYPE =
  '收到你的语音了，不过我现在还听不了语音。请把问题打成文字发给我，比如“送外卖能交工伤保险吗”。'

export const TRANSCRIBE_FAILED = '这条语音我没听清，麻烦再说一遍，或者直接打字问我。'

export function mediaReply(type: number, canHearVoice = false): string {
  const what = WHAT[type]
  const how = howToAsk(canHearVoice)
  if (type === types.Message.Emoticon) return `收到你的表情啦。${how}`
  return what ? `收到一条${what}，我暂时看不了${what}里的内容。${how}` : `这类消息我暂时看不了。${how}`
}

// Honest about what happens: the messages past the limit are not answered, so none is promised.
export const RATE_LIMIT_NOTE = '消息有点多，从这条起我先不处理了。请稍等半分钟，再把还没得到回复的问题发一次。'

export const ENGINE_FAILED = '抱歉，我这边暂时出了点问题，请稍后再问一次。'
