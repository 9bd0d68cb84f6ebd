/**
 * Long computations that share the event loop with requests (a statistics release of a large
 * network takes seconds of CPU): `due()` is cheap to call in a hot loop and says, every 1,024 calls,
 * whether the computation has held the loop longer than `sliceMs`; `pause()` then lets every pending
 * request and timer run before it goes on.
 */
export function turns(sliceMs = 20): {
  due: () => boolean
  /** `due()` for loops whose every step is heavy (a millisecond or more): the clock is read each time. */
  late: () => boolean
  pause: () => Promise<void>
} {
  let calls = 0
  let since = performance.now()
  return {
    due: () => (++calls & 1023) === 0 && performance.now() - since > sliceMs,
    late: () => performance.now() - since > sliceMs,
    pause: async () => {
      await new Promise((resolve) => setImmediate(resolve))
      since = performance.now()
    },
  }
}

/** `items.map(map)`, giving the event loop a turn every `sliceMs` (rows of a large result). */
export async function mapInTurns<T, U>(items: readonly T[], map: (item: T) => U, loop = turns()): Promise<U[]> {
  const out: U[] = new Array<U>(items.length)
  for (let i = 0; i < items.length; i++) {
    if (loop.due()) await loop.pause()
    out[i] = map(items[i]!)
  }
  return out
}
