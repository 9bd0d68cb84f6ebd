import { describe, expect, it } from 'vitest'
import { csvCell } from '../../packages/cli/src/format.js'

/** `trajectoires export --format csv` writes its cells with this (the API's CSVs: lib/csv-cell.ts). */
describe("the CLI's CSV cells", () => {
  it('keep text from being read as a formula, as the API does, and leave numbers alone', () => {
    expect(csvCell('=HYPERLINK("http://x","clic")', ';')).toBe(`"'=HYPERLINK(""http://x"",""clic"")"`)
    for (const start of ['+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1`, ';').includes(`'${start}1`)).toBe(true)
    expect(csvCell(-0.05, ';')).toBe('-0.05')
    expect(csvCell('Lyon; Vénissieux', ';')).toBe('"Lyon; Vénissieux"')
    expect(csvCell(['a', '=b'], ';')).toBe('a|=b')
    expect(csvCell(null, ';')).toBe('')
  })
})
