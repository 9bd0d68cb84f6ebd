import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { access } from '../src/lib/access.js'
import { createTestApp, type TestContext } from './helpers.js'

// Short limits, over a real socket: a slow client is cut off, a prompt one is not.
let t: TestContext
let port: number

beforeAll(async () => {
  t = await createTestApp({ headersTimeoutSeconds: 1, requestTimeoutSeconds: 2, idleTimeoutSeconds: 1 }, (app) => {
    // An answer that takes longer than the idle limit (as the first release of a large database can).
    app.get('/test/slow', { config: { access: access.public }, schema: { hide: true } }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 2_500))
      return { done: true }
    })
  })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  port = (t.app.server.address() as { port: number }).port
})
afterAll(() => t.close())

/**
 * Opens a connection, lets `talk` write on it, and resolves with what came back once the server
 * closed it. A server that never closes it fails the test by its time limit.
 */
function closedByServer(talk: (write: (text: string) => void) => () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' })
    let received = ''
    let stop = () => {}
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => (received += d))
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? undefined : reject(err)))
    socket.on('close', () => {
      stop()
      resolve(received)
    })
    socket.on('connect', () => {
      stop = talk((text) => {
        if (!socket.destroyed) socket.write(text)
      })
    })
  })
}

const importHead = (length: number) =>
  `POST /api/v1/imports/enrolments?dryRun=true HTTP/1.1\r\nhost: localhost\r\n` +
  `cookie: ${t.asAdmin.cookie}\r\nx-csrf-token: ${t.asAdmin['x-csrf-token']}\r\n` +
  `content-type: text/csv\r\ncontent-length: ${length}\r\n\r\n`

describe('slow clients', () => {
  it('closes a connection whose body stops coming halfway', async () => {
    await closedByServer((write) => {
      write(importHead(10_000) + 'campus;cohort;learnerReference\r\n')
      return () => {}
    })
  })

  it('closes a connection whose headers never end, with a 408', async () => {
    const answer = await closedByServer((write) => {
      write('GET /api/v1/campuses HTTP/1.1\r\nhost: localhost\r\n')
      // Bytes keep coming, so the connection is never idle: only the headers' limit can end it.
      const timer = setInterval(() => write('x-slow: 1\r\n'), 200)
      return () => clearInterval(timer)
    })
    expect(answer).toMatch(/^HTTP\/1\.1 408/)
  })

  it('closes a request whose body trickles in for longer than the request may take, with a 408', async () => {
    const answer = await closedByServer((write) => {
      write(importHead(10_000) + 'campus;cohort;learnerReference\r\n')
      const timer = setInterval(() => write('L'), 200)
      return () => clearInterval(timer)
    })
    expect(answer).toMatch(/^HTTP\/1\.1 408/)
  })

  it('keeps the connection of a request received whole while the API works on its answer', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/test/slow`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ done: true })
  })

  it('answers a prompt client as before', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/campuses`)
    expect(res.status).toBe(200)
  })
})
