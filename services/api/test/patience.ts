import { availableParallelism, loadavg } from 'node:os'

/**
 * How many times slower than a quiet machine this one is now: the load average per core, at least 1.
 * On a 2-core machine whose other work keeps the load at 20, a test's set-up takes ten times as long
 * (docs/benchmarks.md, "Test set-up on a busy machine"): a fixed guard against a hang that is roomy on
 * a quiet machine then fails tests that would pass.
 */
const slowdown = () => Math.max(1, loadavg()[0]! / availableParallelism())

/**
 * A guard against a hang (a hook's or a test's timeout, the wait for a child process), stretched by
 * the machine's load when it is read. Never a measure of speed: nothing asserts how long work took.
 */
export const patience = (ms: number) => Math.round(ms * slowdown())
