import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, call, createStaff, createTestApp, patchIfMatch, type TestContext } from './helpers.js'
import { seed } from '../src/db/seed.js'
import { seedDemo } from '../src/db/seed-demo.js'
import { csvCell } from '../src/lib/csv-cell.js'
import { patience } from './patience.js'

let t: TestContext

beforeAll(async () => {
  t = await createTestApp()
  await seed(t.database.db)
  await seedDemo(t.database.db, '2026-11-28')
}, patience(120_000))
afterAll(() => t.close())

/** The cells of one CSV line (quoted cells unquoted). */
function cells(line: string, delimiter: string): string[] {
  const out: string[] = []
  const re = new RegExp(`(?:"((?:[^"]|"")*)"|([^"${delimiter}]*))(?:${delimiter}|$)`, 'y')
  for (let m = re.exec(line); m && re.lastIndex <= line.length; m = re.exec(line)) {
    out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!)
    if (re.lastIndex === line.length) break
  }
  return out
}

describe('CSV cells', () => {
  it('neutralise text that a spreadsheet would run as a formula, and leave numbers as they are', () => {
    expect(csvCell('=HYPERLINK("x")', ';', true)).toBe(`"'=HYPERLINK(""x"")"`)
    for (const text of ['+1', '-1+2', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(text, ',', true)).toMatch(/^"?'/)
    expect(csvCell('-0,05', ';', false)).toBe('-0,05')
    expect(csvCell('-0.05', ',', false)).toBe('-0.05')
    expect(csvCell('Lyon 2019-1', ';', true)).toBe('Lyon 2019-1')
  })

  it('carry no live formula in the placement CSV grouped by cohort, read by network staff', async () => {
    const cohort = (await call(t.admin, { method: 'GET', url: '/api/v1/cohorts?limit=1&sort=startDate' })).data.items[0]
    const renamed = await patchIfMatch(t.admin, `/api/v1/cohorts/${cohort.id}`, `"${cohort.version}"`, {
      name: '=HYPERLINK("x")',
    })
    expect(renamed.statusCode).toBe(200)

    const staff = await createStaff(t, { role: 'network_staff' })
    const csv = await call(as(t.app, staff.headers), {
      method: 'GET',
      url: `/api/v1/stats/placement?groupBy=cohort&checkpoint=exit&format=csv`,
    })
    expect(csv.statusCode).toBe(200)
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    const header = cells(lines[0]!, ';')
    const rows = lines.slice(1).map((l) => cells(l, ';'))
    const row = rows.find((r) => r[header.indexOf('cohort')] === cohort.id)
    expect(row, `no line for cohort ${cohort.id}`).toBeDefined()
    expect(row![header.indexOf('cohortName')]).toBe(`'=HYPERLINK("x")`)
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+@\t\r]/)
    // Negative figures stay numbers: only a number may start with a minus.
    for (const r of rows) for (const cell of r) if (cell.startsWith('-')) expect(cell).toMatch(/^-\d+(,\d+)?$/)
  })
})
