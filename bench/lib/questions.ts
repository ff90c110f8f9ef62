// The eval questions (test/fixtures/*.json): the bench's realistic traffic, in-scope and out-of-scope alike.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const ROOT = new URL('../..', import.meta.url).pathname

export function evalQuestions(): string[] {
  const dir = join(ROOT, 'test/fixtures')
  return readdirSync(dir)
    .filter((f) => f.startsWith('questions.') && f.endsWith('.json'))
    .sort()
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')).questions as { q: string }[]).map((x) => x.q))
}

/** A whole union-membership application, turn by turn (the shortest form: consent, name, phone, industry). */
export function unionApplication(n: number): string[] {
  const phone = `139${String(n % 100_000_000).padStart(8, '0')}`
  return ['我想加入工会', '同意', '张三', phone, '送外卖', '确认']
}
