/** Messages of the home feature (network overview, not-found page); spread into i18n/fr.ts (their English, in messages.en.ts, into i18n/en.ts). */
export const fr = {
  'home.title': 'Accueil',
  'home.lede': 'Trajectoires — le suivi des parcours et de l’insertion des apprenant·es des Plombiers du numérique',
  'home.intro':
    'Les Plombiers du numérique forment au déploiement de la fibre optique des jeunes sans diplôme, en apprentissage rémunéré. Chaque école est portée par un consortium de partenaires locaux.',

  'notFound.title': 'Page introuvable',
  'notFound.heading': 'Cette page n’existe pas',
  'notFound.body': 'L’adresse demandée ne correspond à aucune page du tableau de bord.',
  'notFound.back': 'Revenir à l’accueil',
} as const
