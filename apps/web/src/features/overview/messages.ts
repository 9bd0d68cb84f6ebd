/** Messages of the network overview (the home page); spread into i18n/fr.ts and i18n/en.ts. */
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
    'Taux de sorties positives à six mois du réseau, par année de sortie, avec l’intervalle à 95 %',
  'overview.trend.loading': 'Chargement du taux par année…',
  'overview.trend.error': 'Le taux par année de sortie n’a pas pu être chargé.',
  'overview.campuses.chartTitleYear':
    'Taux de sorties positives à six mois par école, sortant·es de {year}, avec l’intervalle à 95 %',
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
  'overview.campuses.chartTitle': 'Taux de sorties positives à six mois par école, avec l’intervalle à 95 %',
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

export const en: Record<keyof typeof fr, string> = {
  'overview.heading': 'The Plombiers du numérique network',
  'overview.loading': 'Loading the network’s figures…',
  'overview.error': 'The network’s figures could not be loaded.',
  'overview.empty': 'No campus has been recorded yet: there are no figures to show.',
  'overview.asOf': 'Figures as of {date}.',

  'overview.headline.heading': 'The positive exit rate at six months',
  'overview.headline.label': 'Positive exit rate at six months, whole network',
  'overview.headline.definition':
    'Share of the people who entered the training (past the trial period), dropouts included, who are employed, in work-study or in qualifying training six months after their exit. An unknown situation counts as not placed.',
  'overview.headline.definitionLink': 'Read the full definition of the rate (version {version})',
  'overview.headline.counted':
    'Computed on {count} person who left the training, all years.|Computed on {count} people who left the training, all years.',
  'overview.headline.suppressed': 'The network’s rate is not published.',

  'overview.headline.labelYear': 'Positive exit rate at six months, whole network, people who left in {year}',
  'overview.headline.countedYear':
    'Computed over {count} person who left training in {year}.|Computed over {count} people who left training in {year}.',
  'overview.headline.noYear': 'Nobody left training in {year} in the published figures.',
  'overview.trend.heading': 'The rate by exit year',
  'overview.trend.chartTitle': 'Network positive exit rate at six months, by exit year, with the 95% interval',
  'overview.trend.loading': 'Loading the rate by year…',
  'overview.trend.error': 'The rate by exit year could not be loaded.',
  'overview.campuses.chartTitleYear':
    'Positive exit rate at six months by school, people who left in {year}, with the 95% interval',
  'overview.figures.heading': 'The network in figures',
  'overview.figures.campuses': 'Open campuses',
  'overview.figures.campusesDetail': 'and {planned} announced, {closed} closed',
  'overview.figures.campusesAllOpen': 'every campus of the network is open',
  'overview.figures.capacity': 'Yearly capacity',
  'overview.figures.capacityDetail': 'places a year; capacity known for {known} of {open} open {open|campus|campuses}',
  'overview.figures.entrants': 'People who entered the training',
  'overview.figures.entrantsDetail': 'past the trial period, since {first}',
  'overview.figures.completions': 'Trainings completed',
  'overview.figures.completionsDetail': 'people who went through the whole training',

  'overview.intake.heading': 'Who enters the training',
  'overview.intake.intro': 'Among the people who entered the training, all years:',
  'overview.intake.qpv': 'live in a priority neighbourhood (QPV)',
  'overview.intake.noDiploma': 'have no diploma at entry',
  'overview.intake.neet': 'were neither in employment, education nor training at entry',
  'overview.intake.women': 'are women',

  'overview.map.heading': 'The campuses on the map',
  'overview.campuses.heading': 'The rate by campus',
  'overview.campuses.chartTitle': 'Positive exit rate at six months by campus, with the 95% interval',
  'overview.campuses.column': 'Campus',
  'overview.years.heading': 'Entries and exits by year',
  'overview.years.caption': 'Entries into the training and trainings completed, by year',
  'overview.years.year': 'Year',
  'overview.years.entrants': 'Entries',
  'overview.years.completions': 'Trainings completed',
  'overview.more.heading': 'Further',
  'overview.more.campuses': 'Every campus of the network',
  'overview.more.metrics': 'The definitions of the indicators',
  'overview.more.apiDocs': 'The API documentation',
}
