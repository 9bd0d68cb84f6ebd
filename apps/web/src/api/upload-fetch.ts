/** How far an upload has gone, in bytes. */
export interface UploadState {
  loaded: number
  total: number
  /** True once the whole body has been sent (the server is then reading it). */
  sent: boolean
}

/**
 * A `fetch` that sends with XMLHttpRequest, for uploads whose progress the page shows: browsers
 * report a request body's progress to XHR only (fetch can stream a body over HTTP/2 only). Given to
 * `createClient` for the call that uploads, so the client's errors and retries stay its own.
 */
export function uploadFetch(onProgress: (state: UploadState) => void): typeof globalThis.fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      xhr.open(init.method ?? 'GET', url)
      xhr.responseType = 'blob'
      xhr.withCredentials = init.credentials === 'include'
      new Headers(init.headers).forEach((value, name) => xhr.setRequestHeader(name, value))
      xhr.upload.onprogress = (event) =>
        onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : 0, sent: false })
      xhr.upload.onload = () => onProgress({ loaded: 1, total: 1, sent: true })
      xhr.onload = () => {
        const headers = new Headers()
        for (const line of xhr
          .getAllResponseHeaders()
          .trim()
          .split(/[\r\n]+/)) {
          const at = line.indexOf(':')
          if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim())
        }
        resolve(new Response(xhr.status === 204 ? null : (xhr.response as Blob), { status: xhr.status, headers }))
      }
      xhr.onerror = () => reject(new TypeError('Network request failed'))
      xhr.ontimeout = () => reject(new TypeError('Network request timed out'))
      xhr.onabort = () => reject(new DOMException('The upload was aborted.', 'AbortError'))
      if (init.signal) {
        if (init.signal.aborted) return xhr.abort()
        init.signal.addEventListener('abort', () => xhr.abort(), { once: true })
      }
      xhr.send((init.body as XMLHttpRequestBodyInit | null | undefined) ?? null)
    })
}
