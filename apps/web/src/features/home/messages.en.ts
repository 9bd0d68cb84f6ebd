import type { fr } from './messages'

/** The English of `./messages.ts` (French), in a file of its own: it is loaded only when a reader switches to English. */
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
