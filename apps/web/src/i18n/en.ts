import { en as charts } from '../components/charts/messages.en'
import { en as campuses } from '../features/campuses/messages.en'
import { en as home } from '../features/home/messages.en'
import { en as map } from '../features/map/messages.en'
import { en as metrics } from '../features/metrics/messages.en'
import { en as overview } from '../features/overview/messages.en'
import { en as admin } from '../features/admin/messages.en'
import { en as auth } from '../features/auth/messages.en'
import { en as cohorts } from '../features/cohorts/messages.en'
import { en as imports } from '../features/imports/messages.en'
import { en as partners } from '../features/partners/messages.en'
import { en as staff } from '../features/staff/messages.en'
import { en as selfReport } from '../features/self-report/messages.en'
import type { Messages } from './fr'

export const en: Messages = {
  'app.name': 'Trajectoires',
  'app.tagline': 'Learner paths and job outcomes',
  'app.skipToContent': 'Skip to content',
  'app.footer': 'Trajectoires — a tool of the Plombiers du numérique. The figures are public and reproducible.',

  'nav.label': 'Main navigation',
  'nav.home': 'Home',
  'nav.map': 'Map',
  'nav.campuses': 'Campuses',
  'nav.metrics': 'Indicators',
  'nav.apiDocs': 'API documentation',

  'language.label': 'Language',
  'language.switchTo': 'Show in {language}',

  'error.title': 'The data could not be loaded.',
  'error.network': 'The Trajectoires server does not answer. Check your connection, then try again.',
  'error.unavailable': 'The service is unavailable for a moment. Try again shortly.',
  'error.tooManyRequests': 'Too many requests in a short time. Wait a moment, then try again.',
  'error.server': 'The server met an error. Try again; if it persists, pass on the reference below.',
  'error.client': 'The server refused the request.',
  'error.detail': 'Detail given by the server:',
  'error.requestId': 'Request reference:',
  'error.retry': 'Try again',

  ...charts,
  ...home,
  ...overview,
  ...map,
  ...campuses,
  ...metrics,
  ...admin,
  ...auth,
  ...cohorts,
  ...imports,
  ...partners,
  ...staff,
  ...selfReport,
}
