import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestApp, type TestContext } from '../../../test/helpers.js'
import { seed } from '../../db/seed.js'

/**
 * Whatever bytes a partner sends, an import answers with a report (or a problem it names), never
 * with a 500: files made of the pieces that break parsers (quotes, separators, line breaks, byte
 * order marks, NUL, lone surrogates, JSON punctuation, French values and dates), as text or as
 * Latin-1 bytes, with or without a proper header, under every content type an import takes. (A
 * quote inside a value failed the whole request with a 500 until 7 December.)
 */
let t: TestContext
beforeAll(async () => {
  t = await createTestApp()
  await seed(t.database.db)
})
afterAll(() => t.close())

const headers = {
  outcomes:
    'campus;cohort;learnerReference;checkpoint;observedOn;situation;contractType;contractMonths;employer;inFibreSector;source',
  enrolments: 'campus;cohort;learnerReference;birthYear;sex;diplomaAtEntry;referrer;appliedOn;stage',
}
const pieces = [
  '"',
  '""',
  ';',
  ',',
  '\r',
  '\n',
  '\r\n',
  ' ',
  '\t',
  'é',
  '\u0000',
  '\uFEFF',
  '\uFFFF',
  '\ud800',
  '\\',
  '{',
  '}',
  '[',
  ']',
  ':',
  'null',
  '1e999',
  '-1',
  '__proto__',
  'Plombiers du numérique Lyon',
  'Lyon 2019-1',
  'LYO-001',
  'exit',
  'm6',
  '31/02/2024',
  '01/01/2025',
  '2025-13-01',
  'employed',
  'cdi',
  '12',
  'oui',
  'female',
  'self_declared',
]
const piece = fc.constantFrom(...pieces)
/** Anything at all, or lines of the header's width whose cells are made of those pieces. */
const text = (width: number) =>
  fc.oneof(
    fc.array(piece, { maxLength: 60 }).map((p) => p.join('')),
    fc
      .array(fc.array(fc.array(piece, { maxLength: 3 }), { minLength: width, maxLength: width }), { maxLength: 5 })
      .map((lines) => lines.map((cells) => cells.map((c) => c.join('')).join(';')).join('\r\n')),
  )

for (const [kind, header] of Object.entries(headers)) {
  const width = header.split(';').length
  for (const type of ['text/csv', 'application/x-ndjson', 'text/csv; charset=windows-1252']) {
    it(`never answers a 500, whatever the file (${kind}, ${type})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.boolean(), text(width), fc.boolean(), async (withHeader, body, latin1) => {
          const payload = (withHeader && type.startsWith('text/csv') ? `${header}\r\n` : '') + body
          const res = await t.admin.inject({
            method: 'POST',
            url: `/api/v1/imports/${kind}?dryRun=true`,
            headers: { 'content-type': type },
            payload: latin1 ? Buffer.from(payload, 'latin1') : payload,
          })
          expect(res.statusCode, res.body).toBeLessThan(500)
        }),
        { numRuns: 150 },
      )
    })
  }
}
