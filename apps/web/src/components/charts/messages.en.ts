import type { fr } from './messages'

/** The English of `./messages.ts` (French), in a file of its own: it is loaded only when a reader switches to English. */
export const en: Record<keyof typeof fr, string> = {
  'stats.secret': 'statistical confidentiality',
  'stats.secretExplained':
    'Withheld for statistical confidentiality: too few people are concerned to publish this figure without risking that they be recognised.',
  'stats.reason.small_denominator':
    'Fewer than 20 people are counted: the rate and its counts are not published, as so small a number could identify people and the rate would be too uncertain.',
  'stats.reason.small_cell':
    'This group has very few people (or protects one that has very few): its figures are not published, so that nobody can be recognised.',
  'stats.reason.complementary':
    'This rate is not published so that another withheld rate cannot be worked out by subtracting from the total.',
  'stats.maturity.provisional': 'provisional',
  'stats.maturity.final': 'final',
  'stats.maturity.provisionalExplained':
    'Provisional: {coverage} of the people counted are more than 30 days past their checkpoint. The figure can still change as the others’ situations become known.',
  'stats.maturity.provisionalNoCoverage':
    'Provisional: some of the people counted have not reached their checkpoint yet. The figure can still change.',
  'stats.maturity.finalExplained': 'Final: every person counted is more than 30 days past their checkpoint.',
  'stats.interval': '95% confidence interval: {interval}',
  'stats.target': 'target: {target}',
  'stats.gapBelow': '{gap} points below the target',
  'stats.gapAbove': '{gap} points above the target',
  'stats.gapOn': 'on target',
  'stats.counted': '{count} person counted|{count} people counted',
  'stats.unknownExplained':
    '{unknown} unknown situations count as not placed; were they all placed, the rate would be {high}.',

  'charts.showTable': 'Show the data as a table',
  'charts.hideTable': 'Hide the table',
  'charts.rate': 'Rate',
  'charts.interval': '95% interval',
  'charts.denominator': 'People counted',
  'charts.maturity': 'Maturity',
  'charts.targetLine': 'Target ({target})',
  'charts.rateSummary': '{title}. {count} value|{title}. {count} values',
  'charts.rateLegend': 'Dot: rate; bar: 95% confidence interval; dashes: target.',
  'charts.rateLegendNoTarget': 'Dot: rate; bar: 95% confidence interval.',
  'charts.secretInChart': 'Values withheld for statistical confidentiality are not drawn.',
  'charts.reasonLine': '{label}: {reason}',
  'charts.mix.lasting': 'Lasting employment',
  'charts.mix.otherEmployment': 'Other employment',
  'charts.mix.workStudyTraining': 'Work-study or qualifying training',
  'charts.mix.notPlaced': 'Job seeking or inactive',
  'charts.mix.unknown': 'Unknown situation',
  'charts.mix.total': 'Total',
  'charts.mix.merged':
    'Striped bar: each of these situations concerns too few people to be published alone; their total is published.',
  'charts.mix.summary': '{title}: situations six months after exit',
  'charts.funnel.applied': 'Applications',
  'charts.funnel.pastJury': 'Accepted by the jury',
  'charts.funnel.enrolled': 'Entered the training',
  'charts.funnel.integrationConfirmed': 'Integration confirmed',
  'charts.funnel.completed': 'Completed the training',
  'charts.funnel.positiveAtM6': 'Positive exit at six months',
  'charts.funnel.step': 'Step',
  'charts.funnel.count': 'Count',
  'charts.funnel.share': 'Share of applications',
  'charts.funnel.summary': '{title}: from application to positive exit',
  'charts.provisionalLegend':
    'Provisional values (hatched bar, hollow dot): not everyone has reached their checkpoint yet, so the rate may still change.',
  'stats.downloadCsv': 'Download these figures (CSV)',
  'stats.exitYear.label': 'Exit year',
  'stats.exitYear.all': 'All years',
}
