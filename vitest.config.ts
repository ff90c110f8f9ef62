import { defineConfig } from 'vitest/config'
import SkipReporter from './test/helpers/skip-reporter.js'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'knowledge/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: keep heavy integration files from starving each other.
    maxWorkers: 2,
    // After the summary, one line per skipped group of tests (no Chromium, no Redis: test/helpers/environment.ts);
    // with TEST_NO_SKIPS=1 (.ci/run) a group that cannot run stops the run, and any skipped test fails it.
    reporters: ['default', new SkipReporter()],
    globalSetup: ['test/helpers/environment-setup.ts'],
  },
})
