import { defineConfig } from 'vitest/config'

/**
 * Every page of the dashboard at two widths, with its picture (`pnpm screenshots`): forty page views
 * with axe-core, minutes on a busy machine, so not a step of CI; the browser tests check the pages
 * people use, one task at a time.
 */
export default defineConfig({
  test: {
    include: ['pages/**/*.test.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
})
