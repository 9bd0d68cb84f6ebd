import type { fr } from './messages'

/** The English of `./messages.ts` (French), in a file of its own: it is loaded only when a reader switches to English. */
export const en: Record<keyof typeof fr, string> = {
  'metrics.title': 'Indicators',
  'metrics.heading': 'The definitions of the indicators',
  'metrics.intro':
    'A figure published by Trajectoires is always a definition applied to a population at a checkpoint. Every definition is versioned: a new version never changes what an earlier one computed.',
  'metrics.loading': 'Loading the definitions…',
  'metrics.error': 'The definitions of the indicators could not be loaded.',
  'metrics.empty': 'No indicator is defined yet.',
  'metrics.toc': 'On this page',
  'metrics.version': 'version {version}',
  'metrics.publishedAt': 'published on {date}',
  'metrics.id': 'Identifier',
  'metrics.target': 'Target',
  'metrics.noTarget': 'no target set',
  'metrics.numerator': 'Numerator (counted as placed)',
  'metrics.basis': 'Basis (denominator)',
  'metrics.basis.default': 'default',
  'metrics.basis.entrants':
    'Entrants: everyone whose integration was confirmed (past the trial period) and who has left, dropouts included.',
  'metrics.basis.completers': 'Completers: only the people who completed the training.',
  'metrics.removed': 'Taken out of the denominator: {categories}.',
  'metrics.excluded': 'Exclusions',
  'metrics.excludedText':
    'Exits for reasons beyond anyone’s control (moving away, long illness, death, incarceration) are in neither numerator nor denominator; they are counted apart.',
  'metrics.checkpoints': 'Checkpoints and tolerance',
  'metrics.checkpointsCaption': 'When each checkpoint falls, and which observations count',
  'metrics.checkpoint': 'Checkpoint',
  'metrics.due': 'Checkpoint date',
  'metrics.window': 'Observations kept',
  'metrics.dueText': 'exit + {months} months',
  'metrics.dueAtExit': 'exit date',
  'metrics.windowText': 'from {from} to {to} after exit',
  'metrics.offsetMonths': '{count} months',
  'metrics.offsetDays': '{count} day|{count} days',
  'metrics.offsetZero': 'the exit',
  'metrics.defaultCheckpoint': '(default)',
  'metrics.checkpoint.exit': 'At exit',
  'metrics.checkpoint.m6': 'At six months',
  'metrics.checkpoint.m12': 'At twelve months',
  'metrics.choice':
    'When several observations fall in the window, the most informative is kept, then the nearest to the checkpoint date, then an open-ended contract before a fixed-term one, then the longest contract.',
  'metrics.unknown': 'Unknown situations',
  'metrics.unknownNotPlaced':
    'A person who cannot be reached or has no observation in the window stays in the denominator and counts as not placed. Every result also gives the response rate and the rate were all those people placed.',
  'metrics.interval': 'Uncertainty',
  'metrics.intervalText': 'Every rate is published with its Wilson {confidence} confidence interval.',
  'metrics.maturity': 'Provisional or final',
  'metrics.maturityText':
    'A result is provisional until every person counted is {days} days past their checkpoint; it is final after.',
  'metrics.suppression': 'Statistical confidentiality',
  'metrics.suppressionText':
    'For the public, a rate on fewer than {min} people is withheld, a group of {cellMin} to {cellMax} people is hidden, and further cells are hidden when needed so that no hidden figure can be worked out by subtraction.',
  'metrics.rounding': 'Rounding',
  'metrics.roundingText': 'Fractions are rounded to {decimals} decimals ({percentDecimals} decimals as a percentage).',
  'metrics.category.employed_lasting':
    'lasting employment (open-ended contract, civil service, or a contract of 6 months or more)',
  'metrics.category.employed_other': 'other employment',
  'metrics.category.work_study': 'work-study',
  'metrics.category.qualifying_training': 'qualifying training',
  'metrics.category.job_seeking': 'job seeking',
  'metrics.category.inactive': 'inactive',
  'metrics.category.unknown': 'unknown situation',
}
