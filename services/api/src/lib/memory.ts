import { Session } from 'node:inspector'
import { setFlagsFromString } from 'node:v8'

/**
 * Runs a full garbage collection and gives the freed memory back to the system. V8 collects its old
 * generation only once it has grown enough, so the garbage of start-up (TypeScript compiled as the
 * modules load, the seed, the migrations: about 100 MB) would otherwise stay resident. This goes
 * through the in-process inspector, the way DevTools' "collect garbage" does (a low-memory
 * collection, which also releases the freed pages), so no `--expose-gc` flag is needed. Never throws:
 * a runtime without an inspector just keeps its memory.
 */
export async function releaseMemory(): Promise<void> {
  try {
    const session = new Session()
    session.connect()
    try {
      await new Promise<void>((resolve, reject) =>
        session.post('HeapProfiler.collectGarbage', (err) => (err ? reject(err) : resolve())),
      )
    } finally {
      session.disconnect()
    }
  } catch {
    // Nothing to give back then.
  }
}

/**
 * How much V8 lets its old generation grow past what the last full collection kept, in percent.
 * V8's own factor goes up to 4 (a heap of 70 MB live may reach 280 MB before it is collected), which
 * on a bulk import of 100,000 lines took the process to 350–550 MB resident, nearly all of it rows
 * already written. Set once at start, before the heap has grown; V8 reads it each time it sets the
 * next limit. See docs/benchmarks.md for what it costs and saves.
 */
const heapGrowingPercent = 50

export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`)
}
