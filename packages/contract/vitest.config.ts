import { defineConfig } from 'vitest/config'

/** Unit tests of the contract's schema-free rules (src, files ending in .test.ts). */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // CI sets TEST_REPORT to a path to get a JSON report it sums into its closing line.
    reporters: process.env.TEST_REPORT ? ['default', 'json'] : ['default'],
    ...(process.env.TEST_REPORT ? { outputFile: { json: process.env.TEST_REPORT } } : {}),
  },
})
