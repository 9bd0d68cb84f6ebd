/**
 * SIGTERM under load: requests in flight complete, new connections are refused, the process exits
 * with code 0. "In flight" is made certain, not left to timing: two creations whose body is only
 * half sent when the signal arrives (the API has logged their start), completed only after the
 * server has been seen refusing new connections.
 */
import { request, type ClientRequest } from 'node:http'
import { describe, expect, it } from 'vitest'
import { loginHeaders, type RunningApi } from '../e2e/support/server.js'
import type { ThrowawayPostgres } from './support/postgres.js'
import { startLoad, until } from './support/load.js'
import { apiOnThrowawayPostgres } from './support/env.js'

let postgres: ThrowawayPostgres
let api: RunningApi

apiOnThrowawayPostgres(
  (both) => ({ postgres, api } = both),
  () => api,
)

interface Held {
  req: ClientRequest
  rest: string
  answer: Promise<{ status: number; body: string }>
}

/** Starts a track creation on its own connection and sends only the first half of its body. */
function holdCreation(url: string, headers: Record<string, string>, name: string): Held {
  const body = JSON.stringify({ name, hours: 120, components: ['technical_platform'] })
  const half = Math.floor(body.length / 2)
  let req!: ClientRequest
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req = request(
      `${url}/api/v1/tracks`,
      {
        method: 'POST',
        agent: false,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-request-id': `held-${name.replaceAll(' ', '-')}`,
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      },
    )
    req.on('error', reject)
  })
  req.flushHeaders()
  req.write(body.slice(0, half))
  return { req, rest: body.slice(half), answer }
}

/** A request on a new connection: its status, or the connection error's code (`ECONNREFUSED`). */
function freshConnection(url: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(`${url}/healthz`, { agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(String(res.statusCode)))
    })
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
    req.end()
  })
}

describe('SIGTERM under load', () => {
  it('lets in-flight requests finish, refuses new connections and exits with code 0', async () => {
    const headers = await loginHeaders(api.url)
    const load = startLoad(api.url, headers, 3, 'sigterm')
    await until('the load running', () => load.count() >= 10)

    const held = [holdCreation(api.url, headers, 'held one'), holdCreation(api.url, headers, 'held two')]
    await until('the API has the held requests', () =>
      ['held-held-one', 'held-held-two'].every((id) => api.output().includes(`"reqId":"${id}"`)),
    )

    process.kill(api.pid, 'SIGTERM')
    await until('the API announcing its shutdown', () => api.output().includes('closing: finishing in-flight requests'))
    // The listening socket closes while the held requests are still open: new connections are refused.
    const fresh: string[] = []
    await until('a new connection refused', async () => {
      fresh.push(await freshConnection(api.url))
      return fresh.at(-1) === 'ECONNREFUSED'
    })
    await load.stop()

    // Now the held requests send the rest of their body, and complete.
    for (const h of held) h.req.end(h.rest)
    const answers = await Promise.all(held.map((h) => h.answer))
    expect(answers.map((a) => a.status)).toEqual([201, 201])

    const exit = await api.exited
    expect(exit).toEqual({ code: 0, signal: null })

    // Before the socket closed, new connections were served; none got an error answer.
    expect(fresh.slice(0, -1).every((s) => s === '200')).toBe(true)
    // The load's requests in flight at the signal completed; later ones were refused (0) or, on a
    // kept-alive connection, answered 503 by Fastify while closing: never a 500.
    const statuses = Object.keys(load.summary())
    expect(statuses.filter((s) => !['200', '201', '0', '503'].includes(s))).toEqual([])

    const stored = await postgres.query<{ name: string }>(
      "select name from tracks where name like 'held %' order by name",
    )
    expect(stored.map((r) => r.name)).toEqual(['held one', 'held two'])
    const acknowledged = await postgres.query<{ n: number }>(
      'select count(*)::int as n from tracks where id = any($1)',
      [load.acknowledged],
    )
    expect(acknowledged[0]!.n).toBe(load.acknowledged.length)
  })
})
