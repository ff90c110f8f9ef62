// Yes or no, in the many ways people say it. Longest phrase wins, so 不同意 is never read as 同意.
import { fail, ok, type ParseResult } from './types.js'
import { compact } from './text.js'

const HINT = '请回答“是”或“不是”。'

const YES = [
  '是', '是的', '是滴', '对', '对的', '对啊', '嗯', '嗯嗯', '恩', '好', '好的', '可以', '可以的', '行', '行的', '同意', '确认',
  '确定', '没问题', '没错', '当然', '当然是', '有', '有的', '要', '需要', '我同意', '我确认', '我是', '我有', '我要', '我需要',
  '是我', '对头', '正确', '继续', 'ok', 'okay', 'yes', 'yeah', 'yep', 'y',
]
const NO = [
  '不', '不是', '否', '不对', '没有', '没', '无', '不要', '不用', '不需要', '不同意', '不行', '不可以', '不确定', '算了',
  '我不是', '我没有', '我不要', '我不同意', '还没', '还没有', '暂时没有', '不是的', '没有的', '不了', '不用了', '不要了', '不继续',
  'no', 'n', 'nope', 'not',
]

const PHRASES: Array<[string, boolean]> = [
  ...YES.map((p): [string, boolean] => [p, true]),
  ...NO.map((p): [string, boolean] => [p, false]),
].sort((a, b) => b[0].length - a[0].length)

/** Reads a whole answer: a phrase, optionally followed by more of the same polarity (是的，我同意 / 对对对). */
function read(text: string): boolean | null {
  const t = text.replace(/^[\s,.;:!~，。；：！～、]+/, '')
  if (!t) return null
  for (const [phrase, value] of PHRASES) {
    if (!t.startsWith(phrase)) continue
    const rest = t.slice(phrase.length)
    // Latin answers must end at a word boundary ('no' is not 'note').
    if (/^[a-z0-9]$|^[a-z]+$/.test(phrase) && /^[a-z0-9]/.test(rest)) continue
    if (!rest.replace(/^[\s,.;:!~，。；：！～、]+/, '')) return value
    const more = read(rest)
    if (more === value) return value
  }
  return null
}

export function parseYesNo(text: string): ParseResult<boolean> {
  const t = compact(text)
  if (/[?？]|吗$|么$/.test(t) || /[?？]\s*$/.test(text)) return fail(HINT, 'question')
  const value = read(t)
  return value === null ? fail(HINT, 'unclear') : ok(value)
}
