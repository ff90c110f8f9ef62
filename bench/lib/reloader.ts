// Keeps the served documents changing while a row runs: every `everyMs` it writes a fictional notice (bench
// data, never in knowledge/) with new words each time, so each change is a real reload that builds a new index.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './questions.js'

/** A copy of knowledge/ for a server the bench changes documents under. */
export function knowledgeCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'bench-knowledge-')), 'knowledge')
  cpSync(join(ROOT, 'knowledge'), dir, { recursive: true })
  return dir
}

export function startReloading(knowledgeDir: string, everyMs = 1000): { stop(): number } {
  let writes = 0
  const file = join(knowledgeDir, 'documents', 'bench-reload-notice.md')
  const write = () => {
    writes++
    writeFileSync(file, `---
id: bench-reload-notice
title: （基准测试用虚构文件）第${writes}号测试通知
issuer: 基准测试
issued: 2024-01-01
effective: 2024-01-01
---

一、测试

（一）第${writes}次改动。本文件只用于测量重新加载时的性能，不是政策。
`)
  }
  write()
  const timer = setInterval(write, everyMs)
  return {
    stop() {
      clearInterval(timer)
      rmSync(file, { force: true })
      return writes
    },
  }
}

export function removeKnowledgeCopy(knowledgeDir: string): void {
  rmSync(join(knowledgeDir, '..'), { recursive: true, force: true })
}
