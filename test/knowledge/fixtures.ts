// Fictional policy documents for the tests of knowledge that knows time. TEST DATA: none of these notices
// exists; their titles say so, and they are written only into temporary directories, never into knowledge/.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const BASE_ID = 'ningbo-flexible-employment-2021'

export function notice(front: Record<string, string>, body: string, supersedes?: string): string {
  const lines = Object.entries(front).map(([k, v]) => `${k}: ${v}`)
  return `---\n${lines.join('\n')}${supersedes ? `\n${supersedes}` : ''}\n---\n\n${body}\n`
}

/** Raises the 450 元 subsidy of the shipped document's 3.2 to 500 元 from 2024-07-01 (fictional). */
export const AMENDMENT = notice(
  {
    id: 'test-subsidy-amendment',
    title: '（测试用虚构文件）关于调整灵活就业人员社保补贴标准的通知',
    issuer: 测试('发文单位'),
    docNumber: '测试〔2024〕1号',
    issued: '2024-06-01',
    effective: '2024-07-01',
  },
  '# （测试用虚构文件）关于调整灵活就业人员社保补贴标准的通知\n\n一、调整补贴标准\n\n（一）对符合条件的灵活就业人员给予每人每月500元的社保补贴。',
  `supersedes:\n  - document: ${BASE_ID}\n    sections: ['3.2']`,
)

/** A notice that takes effect in 2099 (fictional): not in force today. */
export const FUTURE_NOTICE = notice(
  {
    id: 'test-future-notice',
    title: '（测试用虚构文件）关于灵活就业人员星际保险的通知',
    issuer: 测试('发文单位'),
    issued: '2098-12-01',
    effective: '2099-01-01',
  },
  '一、星际保险\n\n（一）灵活就业人员可以参加星际保险，每人每月补贴800元。',
)

function 测试(what: string): string {
  return `测试用${what}`
}

/** A copy of the project's knowledge/ in a temporary directory, to add and change documents in. */
export function knowledgeCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'knowledge-test-'))
  cpSync('knowledge', join(dir, 'knowledge'), { recursive: true })
  return join(dir, 'knowledge')
}

export function writeDocument(knowledgeDir: string, file: string, text: string): void {
  writeFileSync(join(knowledgeDir, 'documents', file), text)
}
