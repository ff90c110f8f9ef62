// Whole-message commands inside a form: cancel and confirm. Only short, unambiguous messages count, so
// "取消工伤保险要怎么办" is a question about cancelling, not a cancel.
import { compact } from '../parsers/text.js'

const CANCEL = /^(?:那|那就|那我)?(?:算了)?[,，\s]*(?:我)?(?:先|还是)?(?:不办了|不申请了|不想办了|不想申请了|不想填了|不想弄了|不弄了|不填了|别填了|不要了|不办|不申请|取消(?:申请|办理|吧|了|掉)?|退出(?:申请|办理)?|放弃(?:申请|办理)?|结束(?:申请|办理)?|停止(?:申请|办理)?|停|不用了|下次再说|以后再说|算了)(?:吧|了|啦)?(?:[,，\s]*(?:谢谢|谢啦|多谢)(?:你|您)?)?$/
const CANCEL_LATIN = /^(?:cancel|quit|exit|stop|q)$/

export function isCancel(text: string): boolean {
  const t = compact(text).replace(/[\s!！。.~～]+$/g, '')
  return CANCEL.test(t) || CANCEL_LATIN.test(t)
}

const CONFIRM = new Set([
  '确认', '确认提交', '确定', '确定提交', '提交', '我确认', '确认无误', '无误', '没问题', '没错', '对', '对的', '是', '是的',
  '好', '好的', '可以', '可以的', '行', '正确', '都对', '都对的', '嗯', '嗯嗯', '恩', '对对', '对对对', '没问题提交', '确认提交吧', '提交吧', '信息无误', '确认无误提交', 'ok', 'okay', 'yes', 'y', 'confirm', 'submit',
])

export function isConfirm(text: string): boolean {
  const t = compact(text).replace(/[\s,，、!！。.]+/g, '')
  return CONFIRM.has(t)
}
