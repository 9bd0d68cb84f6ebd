/** Messages of the network overview (the home page); spread into i18n/fr.ts (their English, in messages.en.ts, into i18n/en.ts). */
export const fr = {
  'overview.heading': 'Le réseau des Plombiers du numérique',
  'overview.loading': 'Chargement des chiffres du réseau…',
  'overview.error': 'Les chiffres du réseau n’ont pas pu être chargés.',
  'overview.empty': 'Aucune école n’est encore enregistrée : il n’y a pas encore de chiffres à montrer.',
  'overview.asOf': 'Chiffres au {date}.',

  'overview.headline.heading': 'Le taux de sorties positives à six mois',
  'overview.headline.label': 'Taux de sorties positives à six mois, réseau entier',
  'overview.headline.definition':
    'Part des personnes entrées en formation (période d’essai passée), abandons compris, qui sont en emploi, en alternance ou en formation qualifiante six mois après leur sortie. Une situation inconnue compte comme non placée.',
  'overview.headline.definitionLink': 'Lire la définition complète du taux (version {version})',
  'overview.headline.counted':
    'Calculé sur {count} personne sortie de formation, toutes années confondues.|Calculé sur {count} personnes sorties de formation, toutes années confondues.',
  'overview.headline.suppressed': 'Le taux du réseau n’est pas publié.',

  'overview.headline.labelYear': 'Taux de sorties positives à six mois, réseau entier, sortant·es de {year}',
  'overview.headline.countedYear':
    'Calculé sur {count} personne sortie de formation en {year}.|Calculé sur {count} personnes sorties de formation en {year}.',
  'overview.headline.noYear': 'Personne n’est sorti de formation en {year} dans les chiffres publiés.',
  'overview.trend.heading': 'Le taux par année de sortie',
  'overview.trend.chartTitle':
    'Taux de sorties positives à six mois du réseau, par année de sortie, avec l’intervalle à 95\u202f%',
  'overview.trend.loading': 'Chargement du taux par année…',
  'overview.trend.error': 'Le taux par année de sortie n’a pas pu être chargé.',
  'overview.campuses.chartTitleYear':
    'Taux de sorties positives à six mois par école, sortant·es de {year}, avec l’intervalle à 95\u202f%',
  'overview.figures.heading': 'Le réseau en chiffres',
  'overview.figures.campuses': 'Écoles ouvertes',
  'overview.figures.campusesDetail': 'et {planned} {planned|annoncée|annoncées}, {closed} {closed|fermée|fermées}',
  'overview.figures.campusesAllOpen': 'toutes les écoles du réseau sont ouvertes',
  'overview.figures.capacity': 'Capacité annuelle',
  'overview.figures.capacityDetail':
    'places par an ; capacité connue pour {known} sur {open} {open|école ouverte|écoles ouvertes}',
  'overview.figures.entrants': 'Personnes entrées en formation',
  'overview.figures.entrantsDetail': 'période d’essai passée, depuis {first}',
  'overview.figures.completions': 'Formations achevées',
  'overview.figures.completionsDetail': 'personnes allées au bout de la formation',

  'overview.intake.heading': 'Qui entre en formation',
  'overview.intake.intro': 'Parmi les personnes entrées en formation, toutes années confondues :',
  'overview.intake.qpv': 'habitent un quartier prioritaire de la politique de la ville (QPV)',
  'overview.intake.noDiploma': 'n’ont aucun diplôme à l’entrée',
  'overview.intake.neet': 'n’étaient ni en emploi, ni en études, ni en formation à l’entrée',
  'overview.intake.women': 'sont des femmes',

  'overview.map.heading': 'Les écoles sur la carte',
  'overview.campuses.heading': 'Le taux par école',
  'overview.campuses.chartTitle': 'Taux de sorties positives à six mois par école, avec l’intervalle à 95\u202f%',
  'overview.campuses.column': 'École',
  'overview.years.heading': 'Entrées et sorties par année',
  'overview.years.caption': 'Entrées en formation et formations achevées, par année',
  'overview.years.year': 'Année',
  'overview.years.entrants': 'Entrées',
  'overview.years.completions': 'Formations achevées',
  'overview.more.heading': 'Pour aller plus loin',
  'overview.more.campuses': 'Toutes les écoles du réseau',
  'overview.more.metrics': 'Les définitions des indicateurs',
  'overview.more.apiDocs': 'La documentation de l’API',
} as const
