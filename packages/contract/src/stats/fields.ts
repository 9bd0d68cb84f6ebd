import Type from 'typebox'
import { IsoDate, Uuid } from '../common/ids.js'
import { Nullable, StringEnum } from '../common/schema.js'
import { checkpoints } from '../common/enums.js'
import { statsBases, statsDimensions } from './vocabulary.js'

/**
 * Fields the statistics' schemas share: metric id and version, fractions, counts, and the
 * parameters of a placement query that snapshots take too.
 */

export const metricId = Type.String({
  pattern: '^[a-z][a-z0-9_]{1,40}$',
  description: 'Metric id: `r_positive`, `r_employment`, `r_lasting`, or any later one.',
  examples: ['r_positive'],
})
export const metricVersion = Type.Integer({
  minimum: 1,
  maximum: 2_147_483_647,
  description: 'Version of the metric definition.',
  examples: [1],
})
export const fraction = (description: string) =>
  Type.Number({ minimum: 0, maximum: 1, description: `${description} A fraction from 0 to 1.`, examples: [0.8] })
export const count = (description: string) => Nullable(Type.Integer({ minimum: 0 }), { description })
export const text = (description: string) => Type.String({ description })

const groupByPattern = `^(${statsDimensions.join('|')})(,(${statsDimensions.join('|')}))?$`

/** The population a placement query selects (basis, checkpoint, campus, cohort, exit dates): the outcome mix takes it too. */
export const populationQueryFields = {
  basis: Type.Optional(StringEnum(statsBases, { description: 'Population: `entrants` (default) or `completers`.' })),
  checkpoint: Type.Optional(StringEnum(checkpoints, { description: 'Checkpoint: `exit`, `m6` (default) or `m12`.' })),
  campusId: Type.Optional(Uuid('Only cohorts of this campus.')),
  cohortId: Type.Optional(Uuid('Only this cohort.')),
  exitYear: Type.Optional(
    Type.Integer({ minimum: 2000, maximum: 2100, description: 'Only members who exited this year.', examples: [2018] }),
  ),
  exitFrom: Type.Optional(IsoDate('Only members who exited on or after this day (not with `exitYear`).')),
  exitTo: Type.Optional(IsoDate('Only members who exited on or before this day (not with `exitYear`).')),
}

export const placementQueryFields = {
  metric: Type.Optional(metricId),
  metricVersion: Type.Optional({ ...metricVersion, description: 'Version of the metric; default: the latest.' }),
  ...populationQueryFields,
  groupBy: Type.Optional(
    Type.String({
      pattern: groupByPattern,
      description:
        'Up to two dimensions, comma-separated: `campus`, `cohort`, `exitYear`, `sex`, `qpv`, `diplomaAtEntry`, `referrer`.',
      examples: ['exitYear,sex'],
    }),
  ),
}
