import { computed, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import type { ApiError } from '../../api/client'
import { toApiError, useLoad, type Load, type LoadStatus } from '../../components/use-load'
import { notifyUnauthorized } from '../auth/session-events'

/** A 401 on a staff call means the session ended: the auth layer sends the user back to the login page. */
export function seen(err: unknown): ApiError {
  const error = toApiError(err)
  if (error.status === 401) notifyUnauthorized()
  return error
}

export type Resource<T> = Load<T>

/** Loads something from the API, keeping the last answer while reloading; a newer call wins; a 401 ends the session. */
export function useResource<T>(loader: () => Promise<T>): Resource<T> {
  return useLoad(loader, seen)
}

/** What `StaffLoadState` shows of a resource: "loading" while there is nothing to show yet, and its error. */
export const loadState = (resource: Resource<unknown>) => ({
  loading: resource.status.value === 'loading' && !resource.data.value,
  error: resource.error.value,
})

/**
 * What `StaffLoadState` shows of a list of `count` items: "loading" while there is none to show
 * yet, its error, and the sentence `empty` once it is read with nothing in it.
 */
export const listState = (status: LoadStatus, error: ApiError | null, count: number, empty: string) => ({
  loading: status === 'loading' && count === 0,
  error,
  empty: status === 'ready' && count === 0 && empty,
})

/** A list read page by page, as the API gives it (`items` and the cursor of the next page). */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface Pages<T> {
  items: ComputedRef<T[]>
  nextCursor: ComputedRef<string | null>
  status: Ref<LoadStatus>
  error: ShallowRef<ApiError | null>
  /** Reads the first page again, or with `more` the next one, added after those already shown. */
  load: (more?: boolean) => Promise<void>
}

/** A list whose pages are fetched on demand ("more"), a newer read winning over one still in flight. */
export function usePages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Pages<T> {
  let more = false
  const list: Resource<Page<T>> = useResource(async () => {
    const page = await fetchPage(more ? (list.data.value?.nextCursor ?? undefined) : undefined)
    return {
      items: more ? [...(list.data.value?.items ?? []), ...page.items] : page.items,
      nextCursor: page.nextCursor,
    }
  })
  return {
    items: computed(() => list.data.value?.items ?? []),
    nextCursor: computed(() => list.data.value?.nextCursor ?? null),
    status: list.status,
    error: list.error,
    load(next = false) {
      more = next
      return list.load()
    },
  }
}

/** One failing field: the stable rule code (translated next to the field) and the server's words. */
export interface FieldIssue {
  code: string
  message: string
}

/** Field errors of a refused write, by field name (the JSON pointer without its slash). */
type FieldErrors = Record<string, FieldIssue>

/** The failing fields of a validation problem, keyed by their top-level field name. */
function fieldErrorsOf(error: ApiError): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of error.errors) {
    const field = issue.field.replace(/^\//, '').split('/')[0] ?? ''
    if (!out[field]) out[field] = { code: issue.code, message: issue.message }
  }
  return out
}

export interface Submission {
  pending: Ref<boolean>
  error: ShallowRef<ApiError | null>
  fieldErrors: Ref<FieldErrors>
  /** Runs the write; answers true when it succeeded. */
  run: (write: () => Promise<unknown>) => Promise<boolean>
  reset: () => void
}

/** One form's write: pending state, the problem in plain words and the field errors next to their fields. */
export function useSubmission(): Submission {
  const pending = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const fieldErrors = ref<FieldErrors>({})
  function reset() {
    error.value = null
    fieldErrors.value = {}
  }
  async function run(write: () => Promise<unknown>) {
    if (pending.value) return false
    pending.value = true
    reset()
    try {
      await write()
      return true
    } catch (err) {
      const failure = seen(err)
      error.value = failure
      fieldErrors.value = fieldErrorsOf(failure)
      return false
    } finally {
      pending.value = false
    }
  }
  return { pending, error, fieldErrors, run, reset }
}

/** A fresh Idempotency-Key: a double click or a retry of the same form does not create twice. */
export const newIdempotencyKey = () =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`

/**
 * Idempotency-Keys for one form: the same request sent again (a double click, a retry after a
 * network error) reuses its key, so the API runs it once; a corrected request gets a new key, since
 * the API refuses a key reused with another body.
 */
export function useIdempotencyKeys() {
  const keys = new Map<string, { body: string; key: string }>()
  return {
    keyFor(name: string, body: unknown): string {
      const text = JSON.stringify(body)
      const known = keys.get(name)
      if (known && known.body === text) return known.key
      const key = newIdempotencyKey()
      keys.set(name, { body: text, key })
      return key
    },
    /** After a success: the next request, even identical, is a new one. */
    reset() {
      keys.clear()
    },
  }
}
