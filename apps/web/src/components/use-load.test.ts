import { describe, expect, it } from 'vitest'
import { ApiError } from '@trajectoires/client'
import { useLoad } from './use-load'

/** A promise and the functions that settle it, to order answers as a slow network would. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('useLoad, the dashboard’s one way to read the API', () => {
  it('goes from idle to loading to ready with the data', async () => {
    const answer = deferred<string>()
    const state = useLoad(() => answer.promise)
    expect(state.status.value).toBe('idle')
    const loading = state.load()
    expect(state.status.value).toBe('loading')
    answer.resolve('figures')
    await loading
    expect(state.status.value).toBe('ready')
    expect(state.data.value).toBe('figures')
    expect(state.error.value).toBeNull()
  })

  it('keeps the answer of the latest call when an earlier one arrives after it', async () => {
    const answers = [deferred<string>(), deferred<string>()]
    let call = 0
    const state = useLoad(() => answers[call++]!.promise)
    const first = state.load()
    const second = state.load()
    answers[1]!.resolve('2019')
    await second
    answers[0]!.resolve('every year')
    await first
    expect(state.data.value).toBe('2019')
    expect(state.status.value).toBe('ready')
  })

  it('keeps an API problem as it is, and wraps anything else thrown as an ApiError', async () => {
    const problem = new ApiError({ status: 503, code: 'unavailable', detail: 'down' })
    const failing = useLoad(() => Promise.reject(problem))
    await failing.load()
    expect(failing.status.value).toBe('error')
    expect(failing.error.value).toBe(problem)

    const broken = useLoad(() => Promise.reject(new TypeError('Failed to fetch')))
    await broken.load()
    expect(broken.error.value).toBeInstanceOf(ApiError)
    expect(broken.error.value?.status).toBe(0)
    expect(broken.error.value?.code).toBe('unexpected_response')
    expect(broken.error.value?.detail).toContain('Failed to fetch')
  })

  it('clears the previous error when loading again', async () => {
    let fail = true
    const state = useLoad(() => (fail ? Promise.reject(new Error('offline')) : Promise.resolve(1)))
    await state.load()
    expect(state.status.value).toBe('error')
    fail = false
    await state.load()
    expect(state.status.value).toBe('ready')
    expect(state.error.value).toBeNull()
    expect(state.data.value).toBe(1)
  })
})
