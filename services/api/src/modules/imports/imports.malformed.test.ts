import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestContext } from '../../../test/helpers.js'
import { seed } from '../../db/seed.js'

let t: TestContext
let port: number

beforeAll(async () => {
  // Requests may take long: only the import's own reading may end a slow one here.
  t = await createTestApp({ requestTimeoutSeconds: 600 })
  await seed(t.database.db)
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  port = (t.app.server.address() as { port: number }).port
})
afterAll(() => t.close())

/** Sends a raw request and resolves with the status line and body of the first answer; the socket stays open. */
function rawRequest(request: string): { socket: Socket; answer: Promise<{ status: number; text: string }> } {
  const socket = connect({ port, host: '127.0.0.1' })
  socket.setEncoding('utf8')
  let text = ''
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    socket.on('data', (piece: string) => {
      text += piece
      const head = text.indexOf('\r\n\r\n')
      if (head < 0) return
      const length = /content-length: (\d+)/i.exec(text.slice(0, head))
      if (length && Buffer.byteLength(text.slice(head + 4)) >= Number(length[1])) {
        resolve({ status: Number(text.slice(9, 12)), text })
      }
    })
    socket.on('error', reject)
    socket.on('close', () => reject(new Error(`closed before an answer: ${text}`)))
  })
  socket.write(request)
  return { socket, answer }
}

const importHead = (kind: string, length: number, type = 'application/x-ndjson') =>
  `POST /api/v1/imports/${kind}?dryRun=true HTTP/1.1\r\nhost: localhost\r\nconnection: keep-alive\r\n` +
  `cookie: ${t.asAdmin.cookie}\r\nx-csrf-token: ${t.asAdmin['x-csrf-token']}\r\n` +
  `content-type: ${type}\r\ncontent-length: ${length}\r\n\r\n`

describe('a malformed NDJSON file', () => {
  for (const kind of ['enrolments', 'outcomes']) {
    it(`gets a 422 at once, and the API keeps answering while the client holds the connection (${kind})`, async () => {
      const body = '{]\n'
      const { socket, answer } = rawRequest(importHead(kind, body.length) + body)
      try {
        const { status, text } = await answer
        expect(status).toBe(422)
        expect(text).toContain('"unreadable"')
        expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200)
      } finally {
        socket.destroy()
      }
    })

    it(`gets a 422 while the rest of the file is still to come, and other requests are answered (${kind})`, async () => {
      // The client announces more than it sends and keeps the connection open.
      const { socket, answer } = rawRequest(importHead(kind, 100_000) + '{]\n')
      try {
        const { status, text } = await answer
        expect(status).toBe(422)
        expect(text).toContain('line 1 is not valid JSON')
        expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200)
        expect((await fetch(`http://127.0.0.1:${port}/api/v1/campuses`)).status).toBe(200)
      } finally {
        socket.destroy()
      }
    })

    it(`refuses deeply nested JSON with a 422, not a stack overflow (${kind})`, async () => {
      const depth = 200_000
      const res = await t.admin.inject({
        method: 'POST',
        url: `/api/v1/imports/${kind}?dryRun=true`,
        headers: { 'content-type': 'application/x-ndjson' },
        payload: `{"campus":${'['.repeat(depth)}${']'.repeat(depth)}}\n{"campus":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}\n`,
      })
      expect(res.statusCode).toBe(422)
      expect(res.body).not.toContain('Maximum call stack')
    })

    it(`counts the unreadable line among the rows: no negative count of valid rows (${kind})`, async () => {
      const res = await t.admin.inject({
        method: 'POST',
        url: `/api/v1/imports/${kind}?dryRun=true`,
        headers: { 'content-type': 'application/x-ndjson' },
        payload: '{]\n',
      })
      expect(res.statusCode).toBe(422)
      const { report, detail } = JSON.parse(res.body) as { report: Record<string, unknown>; detail: string }
      expect(report).toMatchObject({ rows: 1, validRows: 0, invalidRows: 1 })
      expect(detail).toBe('1 of 1 line(s) failed; nothing was written.')
    })
  }
})

describe('an unreadable line after readable ones', () => {
  const header = 'campus;cohort;learnerReference;birthYear;sex;diplomaAtEntry;referrer;appliedOn;stage\r\n'
  const files: Array<[string, string, string | Buffer, string]> = [
    [
      'enrolments',
      'text/csv',
      header + 'Nowhere;Lyon 2019-1;LYO-001;2001;female;none;self;01/02/2019;applied\r\nNowhere;Lyon 2019-1\r\n',
      'line 3 has a different number of columns than the header',
    ],
    [
      // A quote inside a value that does not start with one (csv-parse's INVALID_OPENING_QUOTE): an
      // unreadable line like the others, not a failed request.
      'enrolments',
      'text/csv',
      header +
        'Nowhere;Lyon 2019-1;LYO-001;2001;female;none;self;01/02/2019;applied\r\n' +
        'Nowhere;Lyon 2019-1;LYO-0"02;2001;female;none;self;01/02/2019;applied\r\n',
      'line 3 has a misplaced quote',
    ],
    [
      'outcomes',
      'application/x-ndjson',
      '\n{"campus":"Nowhere","cohort":"Lyon 2019-1","learnerReference":"LYO-001"}\n{]\n',
      'line 3 is not valid JSON',
    ],
    [
      'outcomes',
      'application/x-ndjson',
      Buffer.from(
        '\r\n{"campus":"Nowhere","cohort":"Lyon 2019-1","learnerReference":"LYO-001"}\r\n{"campus":"Num\xe9rique"}\r\n',
        'latin1',
      ),
      'line 3 is not valid UTF-8: save the file in UTF-8, or declare its encoding (charset) in the Content-Type',
    ],
  ]
  for (const [kind, type, body, message] of files) {
    it(`reports the lines read before it, even in the same piece of the file (${kind}, ${message.slice(7, 25)})`, async () => {
      const res = await t.admin.inject({
        method: 'POST',
        url: `/api/v1/imports/${kind}?dryRun=true`,
        headers: { 'content-type': type },
        payload: body,
      })
      expect(res.statusCode).toBe(422)
      const { report } = JSON.parse(res.body) as {
        report: { rows: number; validRows: number; errors: Array<{ line: number; code: string; message: string }> }
      }
      expect(report).toMatchObject({ rows: 2, validRows: 0, invalidRows: 2 })
      expect(report.errors.filter((e) => e.line === 2)).not.toEqual([])
      expect(report.errors.at(-1)).toEqual(expect.objectContaining({ line: 3, code: 'unreadable', message }))
    })
  }
})

describe('a file its client is slow to send', () => {
  const header = 'campus;cohort;learnerReference;birthYear;sex;diplomaAtEntry;referrer;appliedOn;stage\r\n'
  const line = (reference: string, appliedOn = '01/02/2019') =>
    `Plombiers du numérique Lyon;Held 2019;${reference};2001;female;none;mission_locale;${appliedOn};applied\r\n`
  const cases: Array<{ what: string; first: string; rest: string; check(status: number, text: string): void }> = [
    {
      what: 'a quote never closed',
      first: header + '"Plombiers du numérique Lyon;Held 2019',
      rest: ';HELD-001\r\n',
      check: (status, text) => {
        expect(status).toBe(422)
        expect(text).toContain('line 2 opens a quote that is never closed')
      },
    },
    {
      what: 'a failing line',
      first: header + line('HELD-001', '31/02/2019'),
      rest: line('HELD-002'),
      check: (status, text) => {
        expect(status).toBe(422)
        expect(text).toMatch(/"line":2,"field":"appliedOn"/)
      },
    },
    {
      what: 'a valid file',
      first: header + line('HELD-001'),
      rest: line('HELD-002'),
      check: (status, text) => {
        expect(status).toBe(200)
        expect(text).toContain('"wouldWrite":{"learners":2,"enrolments":2}')
      },
    },
  ]

  beforeAll(async () => {
    const track = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/tracks',
      payload: { name: 'Held track', hours: 100, components: ['internship'] },
    })
    const lyon = (await call(t.admin, { method: 'GET', url: '/api/v1/campuses?q=lyon' })).data.items[0]
    const cohort = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/cohorts',
      payload: {
        campusId: lyon.id,
        trackId: track.data.id,
        name: 'Held 2019',
        startDate: '2019-03-04',
        endDate: '2019-06-28',
        plannedSeats: 12,
      },
    })
    expect(cohort.statusCode, cohort.body).toBe(201)
  })

  for (const { what, first, rest, check } of cases) {
    it(`holds no database connection while it comes in: /readyz answers meanwhile (${what})`, async () => {
      // An import that reads its body inside its transaction holds PGlite's only connection while
      // the client takes its time: every other request waited (/readyz too), up to the request's
      // time limit. Wait until such a transaction would be open before asking.
      const db = t.database.db
      const transaction = db.transaction.bind(db)
      let opened!: () => void
      const transactionOpened = new Promise<void>((resolve) => (opened = resolve))
      db.transaction = ((...args: Parameters<typeof transaction>) => {
        opened()
        return transaction(...args)
      }) as typeof db.transaction
      const length = Buffer.byteLength(first + rest)
      const { socket, answer } = rawRequest(importHead('enrolments', length, 'text/csv') + first)
      let answered = false
      void answer.then(
        () => (answered = true),
        () => undefined,
      )
      try {
        await Promise.race([transactionOpened, new Promise((resolve) => setTimeout(resolve, 1_500))])
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`)
        expect(ready.status).toBe(200)
        expect(answered).toBe(false)
        socket.write(rest)
        const { status, text } = await answer
        check(status, text)
      } finally {
        db.transaction = transaction
        socket.destroy()
      }
    })
  }
})
