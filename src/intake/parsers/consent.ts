// Consent to the privacy notice: only an explicit agreement counts (PIPL); anything else is not consent.
import { fail, ok, type ParseResult } from './types.js'
import { compact } from './text.js'

const AGREE = new Set([
  '同意', '我同意', '同意的', '我同意的', '确认同意', '我确认同意', '好的同意', '好的我同意', '好同意', '可以', '可以的', '是',
  '是的', '对', '对的', '嗯同意', '嗯嗯同意', '是的同意', '是的我同意', '同意授权', '我同意授权', '确认', '同意并继续', '我已阅读并同意', '已阅读并同意', '阅读并同意',
])
const REFUSE = /^(?:我)?(?:不同意|不愿意|拒绝|不授权|不要|不行|不可以|不|否|算了|不了)/

export const CONSENT_HINT = '需要您明确同意才能继续：同意请回复“同意”，不同意请回复“取消”。'

export function parseConsent(text: string): ParseResult<true> {
  const t = compact(text).replace(/[\s,，、。.!！]/g, '')
  if (REFUSE.test(t)) return fail('好的，不同意就不会收集您的信息。如需继续办理，请回复“同意”；不办了请回复“取消”。', 'refused')
  if (AGREE.has(t)) return ok(true)
  return fail(CONSENT_HINT, 'unclear')
}
