// What the worker reads when the office answers: plain Chinese, the reference number, what to do next.
import type { CaseEvent, CaseStatus } from './types.js'

export const STATUS_WORDS: Record<CaseStatus, string> = {
  received: '已受理',
  needs_more: '需要补正材料',
  rejected: '不予受理',
  approved: '审核通过',
  completed: '已办结',
}

export const NEXT_STEP: Record<CaseStatus, string> = {
  received: '经办部门正在办理，请留意电话。',
  needs_more: '请按通知补正，并注明编号。',
  rejected: '如有疑问，可联系经办部门或拨打 12333。',
  approved: '请留意经办部门的后续通知。',
  completed: '办理已经结束。',
}

/** Field ids in words (the forms' own labels are used when the caller knows them). */
const FIELD_WORDS: Record<string, string> = {
  name: '姓名', phone: '手机号', idNumber: '身份证号', industry: '从事行业', platform: '平台', hukou: '户籍',
  employer: '用人单位', amountOwed: '欠薪金额', description: '情况说明', businessStartDate: '开业日期',
  loanAmount: '贷款金额', subsidyType: '补贴类型', insurance: '险种', workKind: '用工情况',
}

export function noticeText(event: CaseEvent, formTitle: string, fieldLabel: (id: string) => string | undefined = () => undefined): string {
  const ref = `编号 ${event.applicationId}`
  const head = `【办理进度】您的${formTitle}（${ref}${event.caseNumber ? `，受理号 ${event.caseNumber}` : ''}）`
  const lines: string[] = []
  switch (event.status) {
    case 'received':
      lines.push(`${head}经办部门已受理。`, NEXT_STEP.received)
      break
    case 'needs_more': {
      lines.push(`${head}需要补正，请一次补齐以下${event.needs?.length ?? 0}项：`)
      const needs = event.needs ?? []
      needs.forEach((n, i) => {
        const what = n.field ? (fieldLabel(n.field) ?? FIELD_WORDS[n.field] ?? n.field) : `材料：${n.document}`
        lines.push(`${i + 1}. ${what}${n.reason ? `（${n.reason}）` : ''}`)
      })
      // The form's own fields are collected again right here (补正 resumes the form, src/conversation/amend.ts).
      const inChat = needs.filter((n) => n.field && fieldLabel(n.field) !== undefined)
      const elsewhere = needs.filter((n) => n.field && fieldLabel(n.field) === undefined)
      const documents = needs.filter((n) => n.document)
      if (inChat.length) lines.push('需要更正的信息可以直接在这里补正：请回复任意消息（或直接发来新的内容），我会逐项询问，核对后重新提交。')
      if (elsewhere.length) lines.push('其余信息请联系经办部门提供，并注明编号。')
      if (documents.length) lines.push('材料无法在聊天里提交，请按经办部门的要求提交，并注明编号。')
      break
    }
    case 'rejected':
      lines.push(`${head}不予受理。`, `原因：${event.reason ?? event.message ?? '经办部门未说明'}`, NEXT_STEP.rejected)
      break
    case 'approved':
      lines.push(`${head}已审核通过。`, NEXT_STEP.approved)
      break
    case 'completed':
      lines.push(`${head}已办结。`)
      break
  }
  if (event.message && event.status !== 'rejected') lines.push(`经办部门留言：${event.message}`)
  return lines.join('\n')
}
