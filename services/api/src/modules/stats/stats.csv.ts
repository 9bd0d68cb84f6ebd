/**
 * Placement results as CSV that French spreadsheets open as they are: UTF-8 with a byte-order
 * mark, `;` between fields, a decimal comma, CRLF line ends. One row for the total, then one per
 * group, with the same values as the JSON answer (empty where JSON has null).
 */
import type { PlacementCell, PlacementResult, StatsDimension } from '@trajectoires/contract'
import { csvCell } from '../../lib/csv-cell.js'

const bom = '\uFEFF'

function field(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'number' ? String(value).replace('.', ',') : String(value)
  return csvCell(text, ';', typeof value !== 'number')
}

const cellColumns = [
  'population',
  'excluded',
  'denominator',
  'numerator',
  'unknown',
  'responseRate',
  'rate',
  'ci95Low',
  'ci95High',
  'boundNoUnknownPlaced',
  'boundAllUnknownPlaced',
  'maturity',
  'coverage',
  'suppressed',
  'suppressionReason',
  'target',
  'gapToTarget',
] as const

function cellValues(c: PlacementCell): unknown[] {
  return [
    c.population,
    c.excluded,
    c.denominator,
    c.numerator,
    c.unknown,
    c.responseRate,
    c.rate,
    c.ci95?.low,
    c.ci95?.high,
    c.bounds?.noUnknownPlaced,
    c.bounds?.allUnknownPlaced,
    c.maturity,
    c.coverage,
    c.suppressed,
    c.suppressionReason,
    c.target,
    c.gapToTarget,
  ]
}

/** The column beside a dimension's id that names it: `campusName`, `cohortName`, `sexLabel`…; none for a year. */
function labelColumn(dimension: StatsDimension): string | null {
  if (dimension === 'exitYear') return null
  return dimension === 'campus' || dimension === 'cohort' ? `${dimension}Name` : `${dimension}Label`
}

const keyColumns = (d: StatsDimension) => {
  const label = labelColumn(d)
  return label ? [d, label] : [d]
}

/** The columns of a result: context, breakdown keys (each with its label), figures. */
function csvHeader(groupBy: readonly StatsDimension[]): string[] {
  return [
    'metric',
    'metricVersion',
    'basis',
    'checkpoint',
    'asOf',
    'scope',
    ...groupBy.flatMap(keyColumns),
    ...cellColumns,
  ]
}

/** The result as CSV; the labels are the result's own (see `stats.labels.ts`). */
export function toCsv(result: PlacementResult): string {
  const groupBy = result.filters.groupBy
  const context = [result.metric.id, result.metric.version, result.basis, result.checkpoint, result.asOf]
  const lines = [csvHeader(groupBy)]
  const blanks = groupBy.flatMap(keyColumns).map(() => '')
  lines.push([...context, 'total', ...blanks, ...cellValues(result.total)].map(field))
  for (const g of result.groups) {
    const keys = groupBy.flatMap((d) => {
      let value = (g.key as Record<string, unknown>)[d]
      // A group of people whose QPV residence is not known: said so, rather than an empty cell.
      if (d === 'qpv' && value === null) value = 'unknown'
      return labelColumn(d) ? [value, g.labels[d] ?? ''] : [value]
    })
    lines.push([...context, 'group', ...keys, ...cellValues(g)].map(field))
  }
  return bom + lines.map((l) => l.join(';')).join('\r\n') + '\r\n'
}
