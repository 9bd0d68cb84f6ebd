import { defineConfig } from 'vitest/config'

/**
 * Resilience tests: real API processes on their own throwaway PostgreSQL servers (or embedded
 * database folders), stopped, restarted and killed. One file at a time: each starts its own servers.
 */
export default defineConfig({
  test: {
    include: ['resilience/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // CI sets TEST_REPORT to a path to get a JSON report it sums into its closing line.
    reporters: process.env.TEST_REPORT ? ['default', 'json'] : ['default'],
    ...(process.env.TEST_REPORT ? { outputFile: { json: process.env.TEST_REPORT } } : {}),
  },
})
