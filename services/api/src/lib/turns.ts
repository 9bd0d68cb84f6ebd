/**
 * Long computations that share the event loop with requests (a statistics release of a large
 * network takes seconds of CPU): `due()` is cheap to call in a hot loop and says, every 1,024 calls,
 * whether the computation has held the loop longer than `sliceMs`; `pause()` then lets every pending
 * request and timer run before it goes on.
 */
export function turns(sliceMs = 20): { due: () => boolean; pause: () => Promise<void> } {
  let calls = 0
  let since = performance.now()
  return {
    due: () => (++calls & 1023) === 0 && performance.now() - since > sliceMs,
    pause: async () => {
      await new Promise((resolve) => setImmediate(resolve))
      since = performance.now()
    },
  }
}
