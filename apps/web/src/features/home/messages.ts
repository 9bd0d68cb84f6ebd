/** Messages of the home feature (network overview, not-found page); spread into i18n/fr.ts and i18n/en.ts. */
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

export const en: Record<keyof typeof fr, string> = {
  'home.title': 'Home',
  'home.lede': 'Trajectoires — tracking the learning paths and job outcomes of the Plombiers du numérique learners',
  'home.intro':
    'Les Plombiers du numérique train young people without a diploma to deploy fibre-optic networks, through paid apprenticeships. Each campus is carried by a consortium of local partners.',

  'notFound.title': 'Page not found',
  'notFound.heading': 'This page does not exist',
  'notFound.body': 'The address you asked for matches no page of the dashboard.',
  'notFound.back': 'Back to the home page',
}
