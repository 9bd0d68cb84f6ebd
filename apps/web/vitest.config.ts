import { defineConfig } from 'vitest/config'

/** Unit tests of the dashboard's pure logic (parsing, checks), beside the code (src, files ending in .test.ts). */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
})
