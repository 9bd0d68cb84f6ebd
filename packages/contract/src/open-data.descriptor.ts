import type { IrisPlusMapping } from './open-data.js'

/**
 * The fixed part of the open-data package's descriptor, in French: its name, description, keywords,
 * licence and sources, and how its figures map to IRIS+. The API builds the descriptor from it and
 * the contract's example shows it, so the published example cannot drift from what is served.
 */

/**
 * The descriptor's header; `demo`: the records hold demonstration data, which it then says. Its type
 * is inferred, not `OpenDataPackage`'s: that schema carries the example built from this function.
 */
export function openDataHeader(demo: boolean) {
  return {
    profile: 'tabular-data-package' as const,
    name: 'trajectoires-plombiers-du-numerique',
    title: 'Plombiers du numérique : insertion des apprenant·es et profil des entrées (données ouvertes)',
    description: [
      'Agrégats publics du réseau des Plombiers du numérique (écoles de techniciens de la fibre optique), tenus dans Trajectoires : campus, entrées et formations achevées par année, profil des entrant·es, taux de sorties positives (`r_positive`) et taux d’emploi (`r_employment`) à 6 mois par année de sortie, pour le réseau et par campus, avec leur intervalle de confiance à 95 %.',
      'Chaque taux applique une définition versionnée (voir `metrics`) : numérateur, dénominateur, sorties neutralisées, fenêtre d’observation, traitement des situations inconnues (comptées comme non placées ; le taux si elles l’étaient toutes est donné).',
      'Secret statistique : un taux dont le dénominateur est inférieur à 20 est masqué, une case de 1 à 4 personnes l’est entièrement, et d’autres cases sont masquées pour qu’aucune valeur masquée ne puisse être retrouvée par soustraction. Une valeur masquée vaut `s` ; une case vide est une valeur qui n’existe pas. Ces fichiers sont toujours la vue publique, quel que soit le demandeur.',
      'Les chiffres sont recalculés à chaque modification des données (`dataVersion`) ; les années récentes sont provisoires (`maturity`) tant que les observations à 6 mois ne sont pas toutes échues.',
      ...(demo
        ? [
            'Attention : cette base contient des données de démonstration (origine `demo`), fictives. Les chiffres qui en découlent ne décrivent pas le réseau réel.',
          ]
        : []),
    ].join('\n\n'),
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
      ...(demo
        ? [
            {
              title: 'Données de démonstration',
              description: 'Dossiers fictifs (origine `demo`) générés pour montrer l’application ; pas des faits.',
            },
          ]
        : []),
    ],
  }
}

/** How the figures map to IRIS+ metrics (GIIN), with the differences of definition said plainly. */
export const irisPlusMappings: IrisPlusMapping[] = [
  {
    code: 'PI3527',
    name: 'Job Placement Rate',
    resource: 'employment-network-year',
    fields: ['rate', 'numerator', 'denominator'],
    mapsFrom:
      'Indicateur `r_employment` (taux d’emploi) à 6 mois après la sortie, base « entrant·es » : en emploi ÷ (sortant·es de l’année dont l’intégration a été confirmée, abandons compris, hors sorties neutralisées et hors personnes en alternance ou en formation qualifiante à 6 mois). Par campus : ressource `employment-campus-year`. Le taux plus large de sorties positives (emploi, alternance ou formation) est dans `placement-network-year`.',
    differences:
      'IRIS+ compte les client·es placé·es en emploi (temps plein ou partiel, temporaire ou permanent) et ayant commencé à travailler pendant la période. Ici : tout contrat compte (CDI, CDD, intérim, contrat aidé, indépendant), l’alternance et la formation qualifiante sortent du dénominateur ; la situation est celle observée à 6 mois (fenêtre de 4 à 8 mois après la sortie) et non « pendant la période » ; la période est l’année de sortie ; les personnes sans réponse comptent comme sans emploi (le taux si toutes étaient en emploi est donné) ; l’unité est l’inscription, pas la personne.',
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
    resource: 'flows-network-year',
    fields: ['entrants'],
    mapsFrom:
      '`entrants` d’une année : apprenant·es dont l’intégration a été confirmée, dans les promotions qui ont commencé cette année-là (une année d’entrées). Par campus : ressource `flows-campus-year` ; toutes années confondues : `intake-campus`.',
    differences:
      'IRIS+ compte les personnes distinctes servies pendant la période. Ici : la période est l’année où la promotion a commencé (une année d’entrées : une personne en formation sur deux années civiles compte dans la première seulement) ; seules les personnes ayant passé la période d’essai sont comptées (les candidat·es, refusé·es par le jury ou parti·es pendant l’essai ne le sont pas) ; l’unité est l’inscription, pas la personne ; les valeurs de 1 à 4 sont masquées.',
  },
]
