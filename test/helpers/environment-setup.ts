// vitest's globalSetup: with TEST_NO_SKIPS=1 (as .ci/run sets), a group of tests that cannot run here stops the
// run before it starts, with one line per missing group saying why and how to enable it. Without the variable
// it does nothing: the test files skip the group and test/helpers/skip-reporter.ts names it at the end.
import { STRICT_VARIABLE, TEST_GROUPS, strict } from './environment.js'

export default async function setup(): Promise<void> {
  if (!strict()) return
  const missing = await Promise.all(TEST_GROUPS.map(async (g) => ({ g, why: await g.probe() })))
  const lines = missing.filter((m) => m.why !== undefined).map(({ g, why }) => `${g.label} tests cannot run: ${why} (${g.enable})`)
  if (lines.length > 0) throw new Error(`${STRICT_VARIABLE}=1 allows no skipped tests:\n${lines.join('\n')}`)
}
