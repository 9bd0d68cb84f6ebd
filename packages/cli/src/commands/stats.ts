import { Command, InvalidArgumentError, Option } from 'commander'
import {
  checkpoints,
  statsBases,
  statsDimensions,
  statsLanguages,
  type PlacementCell,
  type PlacementGroup,
  type PlacementResult,
  type StatsLanguage,
} from '@trajectoires/contract'
import type { PlacementFilterQuery } from '@trajectoires/client'
import { clientFor, resolveCampus } from '../context.js'
import { percent, renderTable } from '../format.js'

interface PlacementOptions {
  metric?: string
  metricVersion?: number
  basis?: PlacementFilterQuery['basis']
  checkpoint?: PlacementFilterQuery['checkpoint']
  campus?: string
  cohort?: string
  exitYear?: number
  exitFrom?: string
  exitTo?: string
  asOf?: string
  groupBy?: string
  lang?: StatsLanguage
  format: 'table' | 'csv' | 'json'
}

const integer = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number.`)
  return Number(value)
}

const isoDate = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD.')
  return value
}

const dimensions = (value: string) => {
  const list = value.split(',').map((d) => d.trim())
  const unknown = list.filter((d) => !(statsDimensions as readonly string[]).includes(d))
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `unknown dimension ${unknown.join(', ')}; choose up to two of ${statsDimensions.join(', ')}.`,
    )
  }
  if (list.length > 2) throw new InvalidArgumentError('at most two dimensions.')
  return list.join(',')
}

function groupLabel(group: PlacementGroup): string {
  return Object.entries(group.key)
    .map(([dimension, value]) => {
      const label = (group.labels as Record<string, string | undefined>)[dimension]
      return label ?? `${dimension}=${value === null ? 'unknown' : String(value)}`
    })
    .join(', ')
}

const row = (label: string, cell: PlacementCell) => [
  label,
  cell.population,
  cell.excluded,
  cell.denominator,
  cell.numerator,
  cell.unknown,
  percent(cell.rate),
  cell.ci95 ? `${percent(cell.ci95.low)} – ${percent(cell.ci95.high)}` : null,
  percent(cell.responseRate),
  cell.maturity,
  cell.suppressed ? `yes (${cell.suppressionReason})` : 'no',
]

/** The placement result as a readable table: the total first, then one row per group. */
function placementTable(result: PlacementResult): string {
  const title = `${result.metric.id} v${result.metric.version} · basis ${result.basis} · checkpoint ${result.checkpoint} · as of ${result.asOf}`
  const table = renderTable(
    [
      'scope',
      'population',
      'excluded',
      'denominator',
      'numerator',
      'unknown',
      'rate',
      '95% CI',
      'response rate',
      'maturity',
      'suppressed',
    ],
    [row('Total', result.total), ...result.groups.map((g) => row(groupLabel(g), g))],
  )
  const target =
    result.total.target === null
      ? ''
      : `\ntarget ${percent(result.total.target)}, gap ${percent(result.total.gapToTarget)}`
  return `${title}\n\n${table}${target}\n`
}

export function statsCommand(): Command {
  const stats = new Command('stats').description('Read statistics')

  stats
    .command('placement')
    .description(
      'The placement rate (positive outcomes at a checkpoint) with its 95% interval and unknowns; small numbers are suppressed unless the key belongs to network staff.',
    )
    .option('--metric <id>', 'metric id (default r_positive; see GET /api/v1/metrics)')
    .option(
      '--metric-version <n>',
      'a published version of the metric (default: the latest)',
      integer('--metric-version'),
    )
    .addOption(new Option('--basis <basis>', 'population: entrants (default) or completers').choices(statsBases))
    .addOption(new Option('--checkpoint <checkpoint>', 'checkpoint: exit, m6 (default) or m12').choices(checkpoints))
    .option('--campus <id|name>', 'only this campus (id, or a name that matches one campus)')
    .option('--cohort <id>', 'only this cohort')
    .option('--exit-year <year>', 'only members who exited this year', integer('--exit-year'))
    .option('--exit-from <date>', 'only members who exited on or after this day (YYYY-MM-DD)', isoDate)
    .option('--exit-to <date>', 'only members who exited on or before this day (YYYY-MM-DD)', isoDate)
    .option('--as-of <datetime>', 'recompute as the observations stood at this moment (ISO date-time)')
    .option('--group-by <dimensions>', `up to two of ${statsDimensions.join(', ')}, comma-separated`, dimensions)
    .addOption(
      new Option('--lang <lang>', 'language of the groups’ labels: fr (default) or en').choices(statsLanguages),
    )
    .addOption(
      new Option('--format <format>', 'table (readable), csv (the API’s French-spreadsheet CSV) or json')
        .choices(['table', 'csv', 'json'])
        .default('table'),
    )
    .action(async (options: PlacementOptions, command: Command) => {
      const client = clientFor(command)
      const query: PlacementFilterQuery = {
        metric: options.metric,
        metricVersion: options.metricVersion,
        basis: options.basis,
        checkpoint: options.checkpoint,
        campusId: options.campus === undefined ? undefined : await resolveCampus(client, options.campus),
        cohortId: options.cohort,
        exitYear: options.exitYear,
        exitFrom: options.exitFrom,
        exitTo: options.exitTo,
        asOf: options.asOf,
        groupBy: options.groupBy,
        lang: options.lang,
      }
      if (options.format === 'csv') process.stdout.write(await client.getPlacementCsv(query))
      else if (options.format === 'json')
        process.stdout.write(`${JSON.stringify(await client.getPlacement(query), null, 2)}\n`)
      else process.stdout.write(placementTable(await client.getPlacement(query)))
    })

  return stats
}
