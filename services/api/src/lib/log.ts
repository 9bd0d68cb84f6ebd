import type { FastifyRequest } from 'fastify'

/** Query parameters that may carry a learner's reference or a person's name: never logged. */
const redactedParameters = new Set(['q', 'reference', 'learnerreference', 'email'])

/** The URL as logged: search and reference parameters replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?')
  if (at < 0) return url
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      const name = eq < 0 ? pair : pair.slice(0, eq)
      let key = name
      try {
        key = decodeURIComponent(name)
      } catch {
        // a malformed name is logged as sent
      }
      return redactedParameters.has(key.toLowerCase()) && eq >= 0 ? `${name}=[redacted]` : pair
    })
    .join('&')
  return `${url.slice(0, at)}?${query}`
}

/** Fastify's request serializer, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }
}
