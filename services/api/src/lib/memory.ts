import { Session } from 'node:inspector'

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
