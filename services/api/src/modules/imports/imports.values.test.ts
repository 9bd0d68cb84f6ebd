import { describe, expect, it } from 'vitest'
import { cellsReader, date, integer, required, text, type CellIssue } from './imports.values.js'

describe('cells of a spreadsheet', () => {
  it('reads French and ISO dates and refuses days that do not exist', () => {
    expect(date('05/04/2019')).toBe('2019-04-05')
    expect(date('5/4/2019')).toBe('2019-04-05')
    expect(date(' 2019-04-05 ')).toBe('2019-04-05')
    expect(date('29/02/2024')).toBe('2024-02-29')
    expect(date('2000-02-29')).toBe('2000-02-29')
    expect(date('')).toBeNull()
    for (const bad of [
      '29/02/2023',
      '2100-02-29',
      '31/04/2019',
      '2019-13-01',
      '00/01/2019',
      '2019-01-32',
      '0000-01-01',
    ]) {
      expect(() => date(bad), bad).toThrow(/not a real day/)
    }
    for (const bad of ['2019/04/05', '05-04-2019', '5 avril 2019', '20190405']) {
      expect(() => date(bad), bad).toThrow(/dd\/mm\/yyyy or yyyy-mm-dd/)
    }
  })

  it('reports every failing cell of a row, each under its column', () => {
    const read = cellsReader({
      learnerReference: (v) => required(text(v, 5), 'learnerReference'),
      birthYear: (v) => integer(v, 1900, 2100),
      observedOn: (v) => date(v),
    })
    expect(read.columns).toEqual(['learnerReference', 'birthYear', 'observedOn'])
    const issues: CellIssue[] = []
    const cells = read({ learnerreference: 'LYO-0001', birthyear: 'deux mille', observedon: '2019-04-05' }, issues)
    expect(cells).toEqual({ learnerReference: null, birthYear: null, observedOn: '2019-04-05' })
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual(['learnerReference:maxLength', 'birthYear:type'])
    // A converter that fails for another reason is a bug, not a bad cell: it is not swallowed.
    const broken = cellsReader({
      birthYear: () => {
        throw new Error('a bug')
      },
    })
    expect(() => broken({ birthyear: '2000' }, [])).toThrow('a bug')
  })
})
