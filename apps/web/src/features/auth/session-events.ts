/** A tiny bridge so that any staff call answered 401 can tell the auth store, without an import cycle. */
type Listener = () => void
const listeners = new Set<Listener>()

export function onUnauthorized(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function notifyUnauthorized() {
  for (const listener of listeners) listener()
}
