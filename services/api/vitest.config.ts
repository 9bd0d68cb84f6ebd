import { defineConfig } from 'vitest/config'
import { patience } from './test/patience.js'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Guards against a hang, not measures of speed: on a machine busy with other work (load 11 and
    // four busy loops beside it) a scenario's set-up took over 60 s and a test that starts
    // `pnpm admin:create` over 30 s; at load 23 on 2 cores, over 120 s (docs/benchmarks.md, "Test
    // set-up on a busy machine"). So they stretch with the load per core when the run starts, as the
    // explicit ones in test files do when they are read (`test/patience.ts`).
    testTimeout: patience(120_000),
    hookTimeout: patience(240_000),
    // Two cores: two files at a time, each on its own database.
    maxWorkers: 2,
    // CI sets TEST_REPORT to a path to get a JSON report it sums into its closing line.
    reporters: process.env.TEST_REPORT ? ['default', 'json'] : ['default'],
    ...(process.env.TEST_REPORT ? { outputFile: { json: process.env.TEST_REPORT } } : {}),
  },
})
