// 删除我的信息 and 我的申请: what the assistant holds about a user, and deleting it (PIPL).
import { INDUSTRY_LABELS } from '../intake/index.js'
import type { StoredApplication } from '../handoff/types.js'
import type { SessionStore } from './session-store.js'
import { say, type EngineDeps, type Turn } from './turn.js'
import { FORWARDED_SUFFIX } from './types.js'

const STATUS_TEXT: Record<StoredApplication['status'], string> = {
  pending: '等待送达经办部门',
  delivering: '正在送达经办部门',
  delivered: '已送达经办部门',
  dead: '暂时送达失败，工作人员会处理',
}

/** No HANDOFF_WEBHOOK_URL: an owed application is kept here, not on its way (issue 24). */
const NOT_SENT_TEXT = '已保存，尚未送到经办部门（送达地址还没有配置）'
const statusText = (deps: EngineDeps, a: StoredApplication) =>
  deps.handoffConfigured === false && (a.status === 'pending' || a.status === 'delivering') ? NOT_SENT_TEXT : STATUS_TEXT[a.status]

const CASE_WORDS: Record<string, string> = { received: '已受理', needs_more: '需要补正', rejected: '不予受理', approved: '审核通过', completed: '已办结' }

function formTitle(deps: EngineDeps, formId: string): string {
  return deps.forms.find((f) => f.id === formId)?.title ?? formId
}

export async function describeApplications(deps: EngineDeps, turn: Turn): Promise<string> {
  const apps = await deps.applications.forUser(turn.message.userId)
  if (apps.length === 0) return '您还没有通过我提交过申请。回复“帮助”看看可以办理哪些。'
  // The office's answers (src/casework), when it has sent any: the current status and its history.
  const cases = deps.caseInfo ? await deps.caseInfo(apps.map((a) => a.id)) : undefined
  const lines = apps.map((a) => {
    const line = `· ${a.id} ${formTitle(deps, a.form)}：${statusText(deps, a)}（${a.submittedAt.slice(0, 10)}提交）`
    const info = cases?.get(a.id)
    if (!info?.caseStatus) return line
    const steps = info.history.filter((h) => !h.stale).map((h) => `${h.at.slice(0, 10)} ${CASE_WORDS[h.status] ?? h.status}`)
    return `${line}\n  办理进度：${CASE_WORDS[info.caseStatus] ?? info.caseStatus}（${steps.join(' → ')}）`
  })
  return ['您提交过的申请：', ...lines, '具体审核结果以经办部门通知为准。'].join('\n')
}

export async function deleteUserData(deps: EngineDeps, sessions: SessionStore, turn: Turn, key: string): Promise<void> {
  const s = turn.session
  const deleted: string[] = []
  if (s.form) deleted.push(`正在办理的${formTitle(deps, s.form.formId)}及其中填写的信息`)
  if (Object.keys(s.profile).length) deleted.push(`您告诉我的个人情况（${describeProfile(s.profile)}），用于判断能申请什么`)
  deleted.push('本次对话的记录')

  const apps = await deps.applications.forUser(turn.message.userId)
  const redaction = apps.length ? await deps.applications.redactDelivered(turn.message.userId) : { redacted: 0, redactOnDelivery: 0 }
  // The sessions go last, once everything else is done: a failure above leaves them for a retry. Questions the
  // user forwarded (WeChat quotes, chat histories) ran in a conversation of their own beside this one.
  await sessions.delete(`${key}${FORWARDED_SUFFIX}`)
  await sessions.delete(key)
  await deps.topics?.delete(`${key}${FORWARDED_SUFFIX}`)
  await deps.topics?.delete(key)
  turn.deleted = true

  const lines = ['已删除我这里保存的您的信息：', ...deleted.map((d) => `· ${d}`)]
  if (apps.length) {
    lines.push('', deps.handoffConfigured === false ? '已经提交的申请无法在这里撤回：' : '已经提交的申请已交给经办部门，无法在这里撤回：')
    for (const a of apps) lines.push(`· ${a.id} ${formTitle(deps, a.form)}：${statusText(deps, a)}`)
    if (redaction.redacted) lines.push(`已送达的申请，我这里留存的副本中的姓名、手机号、身份证号已打码（${redaction.redacted}份）。`)
    if (redaction.redactOnDelivery) lines.push(`还没送达的申请（${redaction.redactOnDelivery}份）会在送达后立即打码。`)
    lines.push('如需撤回或删除经办部门处的资料，请联系当地人力资源和社会保障部门。')
  }
  say(turn, lines.join('\n'))
}

function describeProfile(profile: Record<string, unknown>): string {
  const parts: string[] = []
  if (profile.hukou) parts.push(profile.hukou === 'ningbo' ? '宁波户籍' : '外地户籍')
  if (profile.industry) parts.push(INDUSTRY_LABELS[profile.industry as keyof typeof INDUSTRY_LABELS] ?? String(profile.industry))
  const total = Object.keys(profile).length
  if (!parts.length) return `共${total}项`
  return total > parts.length ? `${parts.join('、')}等${total}项` : parts.join('、')
}
