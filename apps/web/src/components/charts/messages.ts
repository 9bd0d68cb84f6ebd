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
  'stats.interval': 'intervalle de confiance à 95\u202f% : {interval}',
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
  'charts.interval': 'Intervalle à 95\u202f%',
  'charts.denominator': 'Personnes comptées',
  'charts.maturity': 'Maturité',
  'charts.targetLine': 'Objectif ({target})',
  'charts.rateSummary': '{title}. {count} valeur|{title}. {count} valeurs',
  'charts.rateLegend': 'Point : taux ; barre : intervalle de confiance à 95\u202f% ; tirets : objectif.',
  'charts.rateLegendNoTarget': 'Point : taux ; barre : intervalle de confiance à 95\u202f%.',
  'charts.secretInChart': 'Les valeurs couvertes par le secret statistique ne sont pas dessinées.',
  'charts.reasonLine': '{label} : {reason}',
  'charts.mix.lasting': 'Emploi durable',
  'charts.mix.otherEmployment': 'Autre emploi',
  'charts.mix.workStudyTraining': 'Alternance ou formation qualifiante',
  'charts.mix.notPlaced': 'En recherche d’emploi ou inactif',
  'charts.mix.unknown': 'Situation inconnue',
  'charts.mix.total': 'Total',
  'charts.mix.merged':
    'Barre rayée : ces situations concernent chacune trop peu de personnes pour être publiées seules ; leur total l’est.',
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
