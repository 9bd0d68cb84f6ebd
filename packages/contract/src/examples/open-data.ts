import { metricDefinitionExample } from './stats.js'

/** Examples of the API's answers: the open-data package (its descriptor and tables). */

export const openDataPackageExample = {
  ...{
    profile: 'tabular-data-package',
    name: 'trajectoires-plombiers-du-numerique',
    title: 'Plombiers du numérique : insertion des apprenant·es et profil des entrées (données ouvertes)',
    description:
      'Agrégats publics du réseau des Plombiers du numérique (écoles de techniciens de la fibre optique), tenus dans Trajectoires : campus, entrées et formations achevées par année, profil des entrant·es, et taux de sorties positives à 6 mois (`r_positive`) par année de sortie, pour le réseau et par campus, avec leur intervalle de confiance à 95 %.\n\nChaque taux applique une définition versionnée (voir `metrics`) : numérateur, dénominateur, sorties neutralisées, fenêtre d’observation, traitement des situations inconnues (comptées comme non placées ; le taux si elles l’étaient toutes est donné).\n\nSecret statistique : un taux dont le dénominateur est inférieur à 20 est masqué, une case de 1 à 4 personnes l’est entièrement, et d’autres cases sont masquées pour qu’aucune valeur masquée ne puisse être retrouvée par soustraction. Une valeur masquée vaut `s` ; une case vide est une valeur qui n’existe pas. Ces fichiers sont toujours la vue publique, quel que soit le demandeur.\n\nLes chiffres sont recalculés à chaque modification des données (`dataVersion`) ; les années récentes sont provisoires (`maturity`) tant que les observations à 6 mois ne sont pas toutes échues.\n\nAttention : cette base contient des données de démonstration (origine `demo`), fictives. Les chiffres qui en découlent ne décrivent pas le réseau réel.',
    keywords: ['insertion professionnelle', 'formation', 'fibre optique', 'décrocheurs', 'QPV', 'taux de placement'],
    licenses: [
      {
        name: 'etalab-2.0',
        path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
        title: 'Licence Ouverte / Open Licence version 2.0',
      },
    ],
    sources: [
      {
        title: 'Dossiers des campus du réseau (Trajectoires)',
        description:
          'Inscriptions et situations observées à la sortie, à 6 et à 12 mois, saisies ou importées par les campus et leurs partenaires ; agrégées ici, jamais publiées ligne à ligne.',
      },
      {
        title: 'Article de presse fondateur sur les Plombiers du numérique (vers octobre 2018)',
        description:
          'Les campus, leurs consortiums et les capacités annuelles annoncées (origine `source_article` dans la ressource `campuses`).',
      },
      {
        title: 'Données de démonstration',
        description: 'Dossiers fictifs (origine `demo`) générés pour montrer l’application ; pas des faits.',
      },
    ],
    created: '2026-11-28T18:29:38.627Z',
    dataVersion: 21,
    view: 'public',
    metrics: [],
    irisPlus: [
      {
        code: 'PI3527',
        name: 'Job Placement Rate',
        resource: 'placement-network-year',
        fields: ['rate', 'numerator', 'denominator'],
        mapsFrom:
          'Indicateur `r_positive` (taux de sorties positives) à 6 mois après la sortie, base « entrant·es » : (emploi + alternance + formation qualifiante) ÷ (sortant·es de l’année dont l’intégration a été confirmée, abandons compris, hors sorties neutralisées). Par campus : ressource `placement-campus-year`.',
        differences:
          'IRIS+ compte les client·es placé·es en emploi (temps plein ou partiel, temporaire ou permanent) et ayant commencé à travailler pendant la période. Ici : l’alternance et la formation qualifiante comptent aussi comme sorties positives ; la situation est celle observée à 6 mois (fenêtre de 4 à 8 mois après la sortie) et non « pendant la période » ; la période est l’année de sortie ; les personnes sans réponse comptent comme non placées (le taux si toutes étaient placées est donné) ; l’unité est l’inscription, pas la personne. Pour un taux d’emploi au sens strict, voir l’indicateur `r_employment` de l’API.',
      },
      {
        code: 'PI2998',
        name: 'Individuals Trained',
        resource: 'flows-network-year',
        fields: ['completions', 'entrants'],
        mapsFrom:
          '`completions` : apprenant·es sorti·es au terme de la formation dans l’année (formation achevée). `entrants` donne celles et ceux qui l’ont commencée (intégration confirmée dans l’année). Par campus : ressource `flows-campus-year`.',
        differences:
          'IRIS+ compte les personnes formées pendant la période. Ici, `completions` ne compte que les formations menées à leur terme (les abandons, pourtant formés en partie, n’y sont pas ; ils sont dans `entrants`) ; l’unité est l’inscription (une personne inscrite deux fois compte deux fois) ; les valeurs de 1 à 4 sont masquées.',
      },
      {
        code: 'PI4060',
        name: 'Client Individuals: Total',
        resource: 'intake-campus',
        fields: ['entrants'],
        mapsFrom:
          '`entrants` : apprenant·es dont l’intégration a été confirmée, toutes années confondues, par campus ; par année : `entrants` de `flows-network-year`.',
        differences:
          'IRIS+ compte les personnes distinctes servies pendant la période. Ici : seules les personnes ayant passé la période d’essai sont comptées (les candidat·es, refusé·es par le jury ou parti·es pendant l’essai ne le sont pas) ; l’unité est l’inscription, pas la personne ; la période est l’année de confirmation de l’intégration.',
      },
    ],
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
