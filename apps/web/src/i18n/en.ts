import type { Messages } from './fr'

export const en: Messages = {
  'app.name': 'Trajectoires',
  'app.tagline': 'Learner paths and job outcomes',
  'app.skipToContent': 'Skip to content',
  'app.footer': 'Trajectoires — a tool of the Plombiers du numérique. The figures are public and reproducible.',

  'nav.label': 'Main navigation',
  'nav.home': 'Home',
  'nav.campuses': 'Campuses',
  'nav.apiDocs': 'API documentation',

  'language.label': 'Language',
  'language.switchTo': 'Show in {language}',

  'home.title': 'Home',
  'home.heading': 'Trajectoires',
  'home.lede': 'Trajectoires — tracking the learning paths and job outcomes of the Plombiers du numérique learners',
  'home.intro':
    'Les Plombiers du numérique train young people without a diploma to deploy fibre-optic networks, through paid apprenticeships. Each campus is carried by a consortium of local partners.',
  'home.purpose':
    'Trajectoires brings together the campuses, their partners and, soon, the cohorts and the learners’ situations at exit, six months and twelve months, to publish a defined, honest and reproducible placement rate.',
  'home.next': 'Get started',
  'home.linkCampuses': 'See the campuses of the network',
  'home.linkApiDocs': 'Read the API documentation',

  'campuses.title': 'Campuses',
  'campuses.heading': 'The campuses of the network',
  'campuses.intro': 'The Plombiers du numérique campuses, open, announced or closed.',
  'campuses.caption': 'Campuses of the network, in alphabetical order',
  'campuses.count': '{count} campus|{count} campuses',
  'campuses.loading': 'Loading the campuses…',
  'campuses.empty': 'No campus has been recorded yet.',
  'campuses.column.name': 'Name',
  'campuses.column.commune': 'Commune',
  'campuses.column.region': 'Region',
  'campuses.column.status': 'Status',
  'campuses.column.yearlyCapacity': 'Yearly capacity',
  'campuses.capacityUnknown': 'not given',
  'campuses.status.planned': 'Announced',
  'campuses.status.open': 'Open',
  'campuses.status.closed': 'Closed',

  'error.title': 'The campuses could not be loaded.',
  'error.network': 'The Trajectoires server does not answer. Check your connection, then try again.',
  'error.unavailable': 'The service is unavailable for a moment. Try again shortly.',
  'error.tooManyRequests': 'Too many requests in a short time. Wait a moment, then try again.',
  'error.server': 'The server met an error. Try again; if it persists, pass on the reference below.',
  'error.client': 'The server refused the request.',
  'error.detail': 'Detail given by the server:',
  'error.requestId': 'Request reference:',
  'error.retry': 'Try again',

  'notFound.title': 'Page not found',
  'notFound.heading': 'This page does not exist',
  'notFound.body': 'The address you asked for matches no page of the dashboard.',
  'notFound.back': 'Back to the home page',
}
