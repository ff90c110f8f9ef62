// What the assistant says outside the policy text. Plain text for WeChat: no Markdown.
import type { Form } from '../intake/index.js'

export const MENU = [
  '我是宁波灵活就业政策助手，可以帮您：',
  '1. 政策问答：直接问，比如“送外卖能交工伤保险吗”',
  '2. 看看能申请什么：回复“我能申请什么”',
  '3. 办理申请：新业态工伤保险、单独参加工伤保险、职工养老/医疗保险参保、灵活就业社保补贴、创业担保贷款、创业补贴、欠薪维权求助、加入工会，比如回复“我想申请新业态工伤保险”',
  '4. 查询申请：回复“我的申请”',
  '随时回复“取消”退出办理，回复“删除我的信息”删除您的资料。',
].join('\n')

export const GREETING = `您好！${MENU}`

export const THANKS = '不客气！还有问题随时问我，回复“帮助”看看我能做什么。'

export const NOT_KEPT_BEFORE_CONSENT = '您刚才发的个人信息我先没有保存：需要您同意下面的说明后，我再逐项请您填写。'

export const ACK = '好的。还有问题随时问我，回复“帮助”看看我能做什么。'

export const NOTHING_TO_CANCEL = '现在没有正在办理的申请，不用取消。回复“帮助”看看我能做什么。'

export const NOTHING_TO_CONFIRM = '现在没有需要确认的申请。想办理的话，回复“帮助”看看可以办理哪些。'

/** Personal data or a correction with no form open (it was cancelled, expired or never started). */
export const NO_FORM_OPEN = [
  '刚才的个人信息我没有保存：现在没有正在办理的申请（没有开始过，或已经取消、超时）。我也查不到个人的社保缴费等记录。',
  '想办理的话，先告诉我要办什么，比如回复“我想申请新业态工伤保险”；回复“帮助”看看可以办理哪些。',
].join('\n')

export const EMPTY_MESSAGE = '没收到文字内容哦。您可以直接提问，或回复“帮助”看看我能做什么。'

export function formStarted(form: Form): string {
  return form.intro ?? `好的，我来帮您办理${form.title}。中途随时可以提问，回复“取消”即可退出。`
}

/** After an answer about a programme with a form: offered, not started. */
export function offerForm(form: Form): string {
  return `想办理的话，回复“申请”（或“${form.triggers[0]}”），我来帮您登记。`
}

export function groupApplyInvite(form: Form): string {
  return `为保护您的个人信息，${form.title}不在群里办理。请私聊我（点我的头像发消息），发送“${form.triggers[0]}”即可开始。`
}

export function forwardedApplyInvite(form: Form): string {
  return `${form.title}需要申请人本人同意个人信息说明后办理，不能代为登记。请让他本人私聊我，发送“${form.triggers[0]}”即可开始。`
}

export const FORWARDED_DELETE = '这是转发的消息：删除个人信息需要本人直接发给我“删除我的信息”。'

export const FORWARDED_CHECK_INVITE = '看看能申请什么需要问本人几个个人情况，请让他本人私聊我，发送“我能申请什么”即可开始。'

export const GROUP_CHECK_INVITE = '看看能申请什么需要问您几个个人情况，不适合在群里聊。请私聊我（点我的头像发消息），发送“我能申请什么”即可开始。'

export const FORM_WITHDRAWN = '您之前在办理的申请已经停止受理，填写的信息已删除。回复“帮助”看看现在可以办理哪些。'

export function cancelled(form: Form): string {
  return `已取消${form.title}，您在这次办理中填写的信息已删除。需要时随时可以重新开始。`
}

export function confirmSwitch(current: Form, other: Form, filled: number): string {
  return `您正在办理${current.title}，已经填了${filled}项。要放弃它、改办${other.title}吗？回复“是”改办（已填的信息会删除），回复“否”继续办理${current.title}。`
}

export function switched(form: Form): string {
  return `好的，${form.title}先不办了，已填写的信息已删除。`
}

export function eligibilityDuringForm(form: Form): string {
  return `您正在办理${form.title}。想先看看还能申请什么，请回复“取消”结束这次办理，再发“我能申请什么”。`
}

export function leftBeforeConsent(form: Form): string {
  return `（${form.title}先不办了，还没有收集您的任何信息。想办的时候回复“申请”就能开始。）`
}

export function consentRefused(form: Form): string {
  return `好的，没有您的同意，我不会收集任何个人信息，${form.title}已取消。政策问题仍然可以随时问我。`
}

export function expired(form: Form, hours: number): string {
  return `您之前的${form.title}超过${hours}小时没有继续，已自动取消，填写的信息已删除。需要的话可以重新开始。`
}

export function welcomeBack(form: Form): string {
  return `欢迎回来！您的${form.title}还没办完，我们接着来。`
}

export function resumeReminder(form: Form, question: string): string {
  return `我们继续办理${form.title}：${question}`
}

export function tooManyMisses(hint: string, referral: string): string {
  return [
    '这一项好像不太好填，别着急。您可以：',
    `1. 按这个格式再试一次：${hint}`,
    '2. 先问我问题，问完再接着填',
    '3. 回复“取消”退出，之后再办',
    `4. ${referral}`,
  ].join('\n')
}

export function submitted(form: Form, applicationId: string): string {
  return [
    `✅ 已提交！您的${form.title}编号：${applicationId}`,
    '请保存好这个编号。申请会转交给相关部门经办人员，他们可能通过您留的手机号联系您。',
    '查询进度回复“我的申请”；删除资料回复“删除我的信息”。',
  ].join('\n')
}

/** The confirmation when no HANDOFF_WEBHOOK_URL is set: kept here, not yet with the office (issue 24). */
export function submittedNotSent(form: Form, applicationId: string, referral: string): string {
  return [
    `✅ 已保存！您的${form.title}编号：${applicationId}`,
    '请保存好这个编号。注意：本系统还没有配置送达地址，这份申请目前只保存在这里，还没有送到经办部门；配置好后会自动送出。',
    `着急办理的话，${referral}`,
    '查询进度回复“我的申请”；删除资料回复“删除我的信息”。',
  ].join('\n')
}

/** 取消 with no form open, after an application went in: it cannot be withdrawn here (it is already with the office). */
export function cannotWithdraw(applicationId: string): string {
  return `现在没有正在办理的申请。已经提交的申请（编号：${applicationId}）已交给经办部门，无法在这里撤回；如需撤回，请联系当地人力资源和社会保障部门，并告诉他们申请编号。`
}

/** A phone number or a correction after the application went in: not saved, and where to correct it instead. */
export function cannotAmend(applicationId: string): string {
  return `您的申请（编号：${applicationId}）已经提交，这里不能再修改，刚才的信息我没有保存。如需更正，请联系当地人力资源和社会保障部门，并告诉他们申请编号。`
}

export function alreadySubmitted(applicationId: string): string {
  return `您的申请已经提交过了，编号：${applicationId}，不会重复提交。查询进度回复“我的申请”。`
}

export const RESET_DONE = '好的，已重新开始，之前进行中的办理和问答已清空。回复“帮助”看看我能做什么。'

export const GUIDED_INTRO = '好的，我问您几个简单的问题，就能告诉您可以申请哪些项目（不清楚的回复“跳过”）。'

/** 申请 with nothing offered just before: which one. */
export const WHICH_FORM = [
  '您想办理哪一项？直接回复名称就行，例如：',
  '“申请新业态工伤保险”“申请社保补贴”“申请创业担保贷款”“申请创业补贴”“参加职工养老保险”“单独参加工伤保险”“申请欠薪维权求助”“加入工会”。',
  '不确定能申请什么，回复“我能申请什么”。',
].join('\n')

export const GUIDED_CANCELLED = '好的，资格查询已结束。需要时回复“我能申请什么”再来。'
