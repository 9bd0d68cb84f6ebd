import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import { ApiError } from '../api/client'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

/** Any thrown value as an `ApiError`, so that `ProblemAlert` and `StaffProblem` can explain it. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  return new ApiError({ status: 0, code: 'unexpected_response', detail: String(err), cause: err })
}

export interface Load<T> {
  data: ShallowRef<T | null>
  status: Ref<LoadStatus>
  error: ShallowRef<ApiError | null>
  /** Runs the loader; a newer call wins over one still in flight. */
  load: () => Promise<void>
}

/**
 * The state of one API read: data, status and error, with "latest call wins" ordering; the last
 * answer is kept while reloading. `toError` turns a failure into the error shown (staff pages also
 * end the session on a 401).
 */
export function useLoad<T>(loader: () => Promise<T>, toError: (err: unknown) => ApiError = toApiError): Load<T> {
  const data = shallowRef<T | null>(null)
  const status = ref<LoadStatus>('idle')
  const error = shallowRef<ApiError | null>(null)
  let latest = 0

  async function load() {
    const call = ++latest
    status.value = 'loading'
    error.value = null
    try {
      const value = await loader()
      if (call !== latest) return
      data.value = value
      status.value = 'ready'
    } catch (err) {
      if (call !== latest) return
      error.value = toError(err)
      status.value = 'error'
    }
  }

  return { data, status, error, load }
}
