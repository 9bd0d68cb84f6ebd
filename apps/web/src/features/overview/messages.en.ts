import type { fr } from './messages'

/** The English of `./messages.ts` (French), in a file of its own: it is loaded only when a reader switches to English. */
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
