/**
 * Statistics vocabulary shared by the charts and every page that shows figures (`stats.*`), and the
 * charts' own strings (`charts.*`). Spread into i18n/fr.ts and i18n/en.ts.
 */
export const fr = {
  'stats.secret': 'secret statistique',
  'stats.secretExplained':
    'Secret statistique : trop peu de personnes sont concernées pour publier ce chiffre sans risquer de les reconnaître.',
  'stats.reason.small_denominator':
    'Moins de 20 personnes sont comptées : le taux et ses effectifs ne sont pas publiés, car un si petit nombre permettrait de reconnaître des personnes et le taux serait trop incertain.',
  'stats.reason.small_cell':
    'Ce groupe compte très peu de personnes (ou en protège un qui en compte très peu) : ses chiffres ne sont pas publiés, pour que personne ne puisse être reconnu.',
  'stats.reason.complementary':
    'Ce taux n’est pas publié pour qu’un autre taux masqué ne puisse pas être retrouvé par soustraction à partir du total.',
  'stats.maturity.provisional': 'provisoire',
  'stats.maturity.final': 'définitif',
  'stats.maturity.provisionalExplained':
    'Provisoire : {coverage} des personnes comptées ont passé leur point de suivi depuis plus de 30 jours. Le chiffre peut encore changer quand les situations des autres seront connues.',
  'stats.maturity.provisionalNoCoverage':
    'Provisoire : certaines personnes comptées n’ont pas encore passé leur point de suivi. Le chiffre peut encore changer.',
  'stats.maturity.finalExplained':
    'Définitif : toutes les personnes comptées ont passé leur point de suivi depuis plus de 30 jours.',
  'stats.interval': 'intervalle de confiance à 95 % : {interval}',
  'stats.target': 'objectif : {target}',
  'stats.gapBelow': '{gap} points sous l’objectif',
  'stats.gapAbove': '{gap} points au-dessus de l’objectif',
  'stats.gapOn': 'à l’objectif',
  'stats.counted': '{count} personne comptée|{count} personnes comptées',
  'stats.unknownExplained':
    '{unknown} situations inconnues sont comptées comme non placées ; si toutes étaient placées, le taux serait de {high}.',

  'charts.showTable': 'Voir les données en tableau',
  'charts.hideTable': 'Masquer le tableau',
  'charts.rate': 'Taux',
  'charts.interval': 'Intervalle à 95 %',
  'charts.denominator': 'Personnes comptées',
  'charts.maturity': 'Maturité',
  'charts.targetLine': 'Objectif ({target})',
  'charts.rateSummary': '{title}. {count} valeur|{title}. {count} valeurs',
  'charts.rateLegend': 'Point : taux ; barre : intervalle de confiance à 95 % ; tirets : objectif.',
  'charts.rateLegendNoTarget': 'Point : taux ; barre : intervalle de confiance à 95 %.',
  'charts.secretInChart': 'Les valeurs couvertes par le secret statistique ne sont pas dessinées.',
  'charts.reasonLine': '{label} : {reason}',
  'charts.mix.lasting': 'Emploi durable',
  'charts.mix.otherEmployment': 'Autre emploi',
  'charts.mix.workStudyTraining': 'Alternance ou formation qualifiante',
  'charts.mix.notPlaced': 'En recherche d’emploi ou inactif',
  'charts.mix.unknown': 'Situation inconnue',
  'charts.mix.total': 'Total',
  'charts.mix.summary': '{title} : répartition des situations à six mois',
  'charts.funnel.applied': 'Candidatures',
  'charts.funnel.pastJury': 'Retenues par le jury',
  'charts.funnel.enrolled': 'Entrées en formation',
  'charts.funnel.integrationConfirmed': 'Intégrations confirmées',
  'charts.funnel.completed': 'Formations achevées',
  'charts.funnel.positiveAtM6': 'Sorties positives à six mois',
  'charts.funnel.step': 'Étape',
  'charts.funnel.count': 'Effectif',
  'charts.funnel.share': 'Part des candidatures',
  'charts.funnel.summary': '{title} : de la candidature à la sortie positive',
  'charts.provisionalLegend':
    'Valeurs provisoires (barre hachurée, point creux) : tout le monde n’a pas encore atteint son point de suivi, le taux peut encore changer.',
  'stats.downloadCsv': 'Télécharger ces chiffres (CSV)',
  'stats.exitYear.label': 'Année de sortie',
  'stats.exitYear.all': 'Toutes les années',
} as const

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
