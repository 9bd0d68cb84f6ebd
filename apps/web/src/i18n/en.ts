import { en as charts } from '../components/charts/messages'
import { en as campuses } from '../features/campuses/messages'
import { en as home } from '../features/home/messages'
import { en as map } from '../features/map/messages'
import { en as metrics } from '../features/metrics/messages'
import { en as overview } from '../features/overview/messages'
import { en as admin } from '../features/admin/messages'
import { en as auth } from '../features/auth/messages'
import { en as cohorts } from '../features/cohorts/messages'
import { en as imports } from '../features/imports/messages'
import { en as partners } from '../features/partners/messages'
import { en as staff } from '../features/staff/messages'
import { en as selfReport } from '../features/self-report/messages'
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
