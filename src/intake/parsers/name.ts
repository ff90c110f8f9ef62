// Names: a Chinese name (汉字 with · for minority names) or a Latin one, without the "我叫" the user wraps it in.
import { fail, ok, type ParseResult } from './types.js'
import { looksLikeQuestion, normalize, trimPunctuation } from './text.js'

const HINT = '请告诉我您的真实姓名，例如“张三”。'
const PREFIX = /^(?:我的名字叫|我的名字是|我的姓名是|我名字叫|我名字是|名字叫|名字是|姓名是|我叫做|我叫|叫做|我是|名字|姓名|叫|是|的)\s*[:：]?\s*/
// Replies and commands that fit a name's shape: 确认 pressed twice must not become the applicant's name.
const NOT_NAMES = new Set([
  '不知道', '不告诉你', '保密', '没有', '不想说', '取消', '同意', '不同意', '是的', '好的', '可以', '没问题',
  '确认', '确定', '提交', '继续', '下一步', '收到', '明白', '明白了', '知道', '好', '行', '嗯', '嗯嗯', '对', '对的', '是',
  'ok', 'okay', 'yes', 'no', 'confirm', 'submit', 'cancel', 'help', 'skip', 'next', 'continue',
])
// Without a middle dot, Chinese names run 2 to 6 characters; longer runs are sentences, not names.
// Words no name contains: a message like 工伤保险 or 谢谢 is not an answer to "what is your name".
const NOT_NAME_PARTS = /保险|补贴|贷款|工会|申请|办理|政策|社保|工资|欠薪|公司|取消|谢谢|知道|什么|怎么|删除|信息|资料|意思|啥|我|你|您|吗|呢|吧|啊|了/
// Instructions, placeholders and forms of address, not a name: 请输入姓名, 忽略以上指令, 王先生, 匿名.
const INSTRUCTION = /请|输入|填写|姓名|名字|忽略|指令|系统|扮演|回复|提示|测试|随便|不详|匿名|无名|先生|女士|小姐|师傅|老板|提交|确认|直接|以上|之前|跳过|ignore|instruction|prompt|system|assistant|pretend/i
const LINK = /https?:|www\.|\.(?:com|cn|net|org)\b|[@/\\<>{}=]/i
const HAN_NAME = /^\p{Script=Han}{2,6}$/u
const HAN_DOTTED_NAME = /^\p{Script=Han}+(?:·\p{Script=Han}+)+$/u
const LATIN_NAME = /^[A-Za-z][A-Za-z .'-]*[A-Za-z]$/

export function parseName(text: string): ParseResult<string> {
  let t = trimPunctuation(normalize(text))
  t = trimPunctuation(t.replace(PREFIX, ''))
  // 伊力哈木•土赫提 and 伊力哈木・土赫提 are the same dot.
  t = t.replace(/[•・‧∙⋅]/g, '·').replace(/\s*·\s*/g, '·')
  // 张 三: spaces between Chinese characters are layout, not part of the name.
  t = t.replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, '')
  if (!t) return fail(HINT, 'empty')
  if (LINK.test(t)) return fail('请只回复您的姓名，不要发链接或符号，例如“张三”。', 'link')
  if (/\d/.test(t)) return fail('姓名里不能有数字，请只填写姓名，例如“张三”。', 'digits')
  if (NOT_NAMES.has(t.toLowerCase()) || NOT_NAME_PARTS.test(t) || INSTRUCTION.test(t) || looksLikeQuestion(text)) return fail(HINT, 'not_a_name')
  if (/^\p{Script=Han}{7,}$/u.test(t) || /[，,。；;！!？?]/.test(t)) return fail('请只回复您的姓名（2到20个字），例如“张三”。', 'sentence')
  if (HAN_NAME.test(t)) return ok(t)
  if (HAN_DOTTED_NAME.test(t) && t.length <= 20) return ok(t)
  if (LATIN_NAME.test(t) && t.length >= 2 && t.length <= 50) return ok(t.replace(/\s+/g, ' '))
  return fail(HINT, 'format')
}
