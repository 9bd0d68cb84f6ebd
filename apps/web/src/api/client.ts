import { createClient } from '@trajectoires/client'
import { uploadFetch, type UploadState } from './upload-fetch'

export { ApiError, paginate } from '@trajectoires/client'

/** While a file is uploaded with `withUploadProgress`: the fetch that reports its progress. */
let uploading: typeof globalThis.fetch | null = null

/** The API client of the dashboard: same origin (Vite proxies `/api` in development). */
export const api = createClient({
  baseUrl: '',
  // A file body goes through XMLHttpRequest while a page follows its upload; everything else through fetch.
  fetch: (input, init) =>
    uploading && init?.body instanceof Blob ? uploading(input, init) : globalThis.fetch(input, init),
})

/** Runs `call`, reporting the progress of the file it uploads (one at a time). */
export async function withUploadProgress<T>(onProgress: (state: UploadState) => void, call: () => Promise<T>) {
  uploading = uploadFetch(onProgress)
  try {
    return await call()
  } finally {
    uploading = null
  }
}
