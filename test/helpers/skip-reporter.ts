// A vitest reporter, listed after 'default' in vitest.config.ts: after the summary it prints one line per group of
// tests that was skipped (test/helpers/environment.ts: no Chromium, no Redis), with how many, why and how to enable
// it, and one line for any other skipped test. With TEST_NO_SKIPS=1 any skip fails the run (exit code 1).
import { relative, sep } from 'node:path'
import type { Reporter, TestModule, Vitest } from 'vitest/node'
import { STRICT_VARIABLE, TEST_GROUPS, groupOf, strict, type TestGroup } from './environment.js'

export default class SkipReporter implements Reporter {
  private vitest?: Vitest
  private probes?: Promise<Map<TestGroup, string | undefined>>

  onInit(vitest: Vitest): void {
    this.vitest = vitest
    // Probed as the run starts, when the test files probe too.
    this.probes = Promise.all(TEST_GROUPS.map(async (g) => [g, await g.probe().catch((e) => String(e))] as const)).then((e) => new Map(e))
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const lines = closingLines(testModules, this.vitest?.config.root ?? process.cwd(), {
      probes: (await this.probes) ?? new Map(),
      filtered: Boolean(this.vitest?.config.testNamePattern),
    })
    const log = (line: string) => (this.vitest ? this.vitest.logger.log(line) : console.log(line))
    for (const line of lines.report) log(line)
    if (lines.skipped > 0 && strict()) {
      log(`${STRICT_VARIABLE}=1: ${lines.skipped} skipped ${lines.skipped === 1 ? 'test fails' : 'tests fail'} this run`)
      process.exitCode = 1
    }
  }
}

/** The closing lines for a finished run, and how many skipped tests they count. */
export function closingLines(
  testModules: ReadonlyArray<TestModule>,
  root: string,
  { probes, filtered }: { probes: Map<TestGroup, string | undefined>; filtered: boolean },
): { report: string[]; skipped: number } {
  const byGroup = new Map<TestGroup, number>()
  const others: string[] = []
  for (const module of testModules) {
    const file = relative(root, module.moduleId).split(sep).join('/')
    const group = groupOf(file)
    for (const test of module.children.allTests('skipped')) {
      if (group && probes.get(group) !== undefined) byGroup.set(group, (byGroup.get(group) ?? 0) + 1)
      else if (!filtered) others.push(`${file} > ${test.fullName}`) // with -t, tests that do not match are skipped
    }
  }
  const report: string[] = []
  for (const [group, n] of byGroup) report.push(`skipped ${n} ${group.label} ${n === 1 ? 'test' : 'tests'}: ${probes.get(group)} (${group.enable})`)
  if (others.length > 0) {
    const shown = others.slice(0, 3).join('; ') + (others.length > 3 ? `; and ${others.length - 3} more` : '')
    report.push(`skipped ${others.length} other ${others.length === 1 ? 'test' : 'tests'} (skip, todo or only): ${shown}`)
  }
  const skipped = [...byGroup.values()].reduce((a, b) => a + b, 0) + others.length
  return { report, skipped }
}
