import { defineConfig } from 'vitest/config'

/** Unit tests of the dashboard's pure logic (parsing, checks), beside the code (src, files ending in .test.ts). */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // CI sets TEST_REPORT to a path to get a JSON report it sums into its closing line.
    reporters: process.env.TEST_REPORT ? ['default', 'json'] : ['default'],
    ...(process.env.TEST_REPORT ? { outputFile: { json: process.env.TEST_REPORT } } : {}),
  },
})
