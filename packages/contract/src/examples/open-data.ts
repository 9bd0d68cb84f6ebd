import { irisPlusMappings, openDataHeader } from '../open-data.descriptor.js'
import { metricDefinitionExample } from './stats.js'

/** Examples of the API's answers: the open-data package (its descriptor and tables). */

export const openDataPackageExample = {
  ...{
    ...openDataHeader(true),
    created: '2026-11-28T18:29:38.627Z',
    dataVersion: 21,
    view: 'public',
    metrics: [],
    irisPlus: irisPlusMappings,
    resources: [
      {
        name: 'placement-network-year',
        path: 'open-data/placement-network-year.csv',
        profile: 'tabular-data-resource',
        title: 'Sorties positives à 6 mois du réseau, par année de sortie',
        description:
          'Une ligne par année de sortie : le réseau entier, même indicateur et mêmes règles que `placement-campus-year`.',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: {
          delimiter: ',',
          lineTerminator: '\r\n',
          header: true,
        },
        schema: {
          fields: [
            {
              name: 'exit_year',
              title: 'Année de sortie',
              type: 'year',
              description: 'Année de la date de sortie.',
              constraints: {
                required: true,
                unique: true,
              },
            },
            {
              name: 'metric_id',
              title: 'Indicateur',
              type: 'string',
              description: 'Identifiant de la définition appliquée (voir `metrics` du descripteur).',
              constraints: {
                required: true,
              },
            },
            {
              name: 'metric_version',
              title: 'Version',
              type: 'integer',
              description: 'Version de la définition appliquée.',
              constraints: {
                required: true,
                minimum: 1,
              },
            },
            {
              name: 'population',
              title: 'Effectif',
              type: 'integer',
              description:
                'Sortant·es entré·es en formation (intégration confirmée) dont la date de sortie tombe dans l’année, exclu·es compris.',
              constraints: {
                minimum: 0,
              },
            },
            {
              name: 'excluded',
              title: 'Exclu·es',
              type: 'integer',
              description: 'Sorties neutralisées (déménagement, longue maladie, décès, incarcération).',
              constraints: {
                minimum: 0,
              },
            },
            {
              name: 'denominator',
              title: 'Dénominateur',
              type: 'integer',
              description: 'Effectif − exclu·es.',
              constraints: {
                minimum: 0,
              },
            },
            {
              name: 'numerator',
              title: 'Sorties positives',
              type: 'integer',
              description: 'En emploi, en alternance ou en formation qualifiante à 6 mois.',
              constraints: {
                minimum: 0,
              },
            },
            {
              name: 'unknown',
              title: 'Situation inconnue',
              type: 'integer',
              description: 'Sans observation utilisable à 6 mois (comptées comme non placées).',
              constraints: {
                minimum: 0,
              },
            },
            {
              name: 'response_rate',
              title: 'Taux de réponse',
              type: 'number',
              description: '(dénominateur − inconnu·es) ÷ dénominateur. Fraction de 0 à 1.',
              constraints: {
                minimum: 0,
                maximum: 1,
              },
            },
            {
              name: 'rate',
              title: 'Taux de sorties positives',
              type: 'number',
              description:
                'Sorties positives ÷ dénominateur, les inconnu·es comptant comme non placé·es. Fraction de 0 à 1.',
              constraints: {
                minimum: 0,
                maximum: 1,
              },
            },
            {
              name: 'ci95_low',
              title: 'IC 95 % bas',
              type: 'number',
              description: 'Borne basse de l’intervalle de Wilson à 95 %. Fraction de 0 à 1.',
              constraints: {
                minimum: 0,
                maximum: 1,
              },
            },
            {
              name: 'ci95_high',
              title: 'IC 95 % haut',
              type: 'number',
              description: 'Borne haute de l’intervalle de Wilson à 95 %. Fraction de 0 à 1.',
              constraints: {
                minimum: 0,
                maximum: 1,
              },
            },
            {
              name: 'rate_all_unknown_placed',
              title: 'Taux si inconnu·es placé·es',
              type: 'number',
              description: '(sorties positives + inconnu·es) ÷ dénominateur. Fraction de 0 à 1.',
              constraints: {
                minimum: 0,
                maximum: 1,
              },
            },
            {
              name: 'maturity',
              title: 'Maturité',
              type: 'string',
              description:
                '`provisional` tant qu’un membre n’a pas passé sa date d’observation + 30 jours, `final` ensuite.',
              constraints: {
                required: true,
                enum: ['provisional', 'final'],
              },
            },
            {
              name: 'coverage',
              title: 'Couverture',
              type: 'number',
              description: 'Part des membres ayant passé leur date d’observation + 30 jours. Fraction de 0 à 1.',
              constraints: {
                minimum: 0,
                maximum: 1,
              },
            },
            {
              name: 'suppressed',
              title: 'Secret statistique',
              type: 'boolean',
              description: 'Vrai quand des valeurs de la ligne sont masquées (petits effectifs) ; elles valent `s`.',
              constraints: {
                required: true,
              },
            },
            {
              name: 'suppression_reason',
              title: 'Motif du secret',
              type: 'string',
              description:
                '`small_cell` : 1 à 4 personnes (ou masquée pour qu’une telle case ne puisse pas être déduite) ; `small_denominator` : dénominateur sous 20 ; `complementary` : masquée pour qu’un autre taux masqué ne puisse pas être déduit par soustraction.',
              constraints: {
                enum: ['small_denominator', 'small_cell', 'complementary'],
              },
            },
            {
              name: 'gap_to_target',
              title: 'Écart à la cible',
              type: 'number',
              description: 'Taux − cible de l’indicateur (négatif : sous la cible).',
              constraints: {
                minimum: -1,
                maximum: 1,
              },
            },
          ],
          primaryKey: ['exit_year'],
          missingValues: ['', 's'],
        },
      },
    ],
  },
  metrics: [metricDefinitionExample],
}
