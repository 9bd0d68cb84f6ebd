import type { diplomaLevels, referrers, sexes } from '../common/enums.js'

/**
 * The vocabularies of the statistics: bases, breakdown dimensions and their labels, viewers,
 * suppression reasons, maturities and outcome categories.
 */

/** Populations a placement rate can be computed on. */
export const statsBases = ['entrants', 'completers'] as const
export type StatsBasis = (typeof statsBases)[number]

/** Dimensions a placement result can be broken down by (up to two at once). */
export const statsDimensions = ['campus', 'cohort', 'exitYear', 'sex', 'qpv', 'diplomaAtEntry', 'referrer'] as const
export type StatsDimension = (typeof statsDimensions)[number]

/** Languages the labels of a breakdown's groups come in (`lang`); French is the default. */
export const statsLanguages = ['fr', 'en'] as const
export type StatsLanguage = (typeof statsLanguages)[number]

type ValueLabels = {
  sex: Record<(typeof sexes)[number], string>
  qpv: Record<'true' | 'false' | 'unknown', string>
  diplomaAtEntry: Record<(typeof diplomaLevels)[number], string>
  referrer: Record<(typeof referrers)[number], string>
}

/** The labels of the breakdown dimensions' values, by language (`qpv`: `true`, `false`, `unknown` for null). */
export const statsValueLabels: Record<StatsLanguage, ValueLabels> = {
  fr: {
    sex: { female: 'Femme', male: 'Homme' },
    qpv: { true: 'Réside en QPV', false: 'Ne réside pas en QPV', unknown: 'Résidence en QPV inconnue' },
    diplomaAtEntry: {
      none: 'Aucun diplôme',
      brevet: 'Brevet',
      cap_bep: 'CAP / BEP',
      bac: 'Baccalauréat',
      higher: 'Études supérieures',
    },
    referrer: {
      mission_locale: 'Mission locale',
      france_travail: 'France Travail',
      e2c: 'École de la deuxième chance',
      self: 'Candidature spontanée',
      other: 'Autre',
    },
  },
  en: {
    sex: { female: 'Female', male: 'Male' },
    qpv: {
      true: 'Lives in a priority neighbourhood (QPV)',
      false: 'Does not live in a priority neighbourhood (QPV)',
      unknown: 'QPV residence not known',
    },
    diplomaAtEntry: {
      none: 'No diploma',
      brevet: 'Brevet',
      cap_bep: 'CAP / BEP',
      bac: 'Baccalauréat',
      higher: 'Higher education',
    },
    referrer: {
      mission_locale: 'Mission locale',
      france_travail: 'France Travail',
      e2c: 'Second-chance school (E2C)',
      self: 'Self-referred',
      other: 'Other',
    },
  },
}

/** Who reads a statistic: every caller but network staff gets small numbers suppressed. */
export const statsViewers = ['public', 'network_staff'] as const
export type StatsViewer = (typeof statsViewers)[number]

export const suppressionReasons = ['small_denominator', 'small_cell', 'complementary'] as const
export type SuppressionReason = (typeof suppressionReasons)[number]

export const maturities = ['provisional', 'final'] as const
export type Maturity = (typeof maturities)[number]

/** Outcome categories an observation falls in (metric definitions v1); `unknown` when there is none. */
export const outcomeCategories = [
  'employed_lasting',
  'employed_other',
  'work_study',
  'qualifying_training',
  'job_seeking',
  'inactive',
  'unknown',
] as const
export type OutcomeCategory = (typeof outcomeCategories)[number]
