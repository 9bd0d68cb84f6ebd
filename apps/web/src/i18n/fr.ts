import { fr as charts } from '../components/charts/messages'
import { fr as campuses } from '../features/campuses/messages'
import { fr as home } from '../features/home/messages'
import { fr as map } from '../features/map/messages'
import { fr as metrics } from '../features/metrics/messages'
import { fr as overview } from '../features/overview/messages'
import { fr as admin } from '../features/admin/messages'
import { fr as auth } from '../features/auth/messages'
import { fr as cohorts } from '../features/cohorts/messages'
import { fr as imports } from '../features/imports/messages'
import { fr as partners } from '../features/partners/messages'
import { fr as staff } from '../features/staff/messages'
import { fr as selfReport } from '../features/self-report/messages'

/**
 * French, the dashboard's default language. Shared keys live here; each feature keeps its own keys in
 * `features/<x>/messages.ts` (prefixed by the feature) and is spread in below. Every key must exist in en.ts, which is loaded only when a reader switches to English.
 */
export const fr = {
  'app.name': 'Trajectoires',
  'app.tagline': 'Suivi des parcours et de l’insertion',
  'app.skipToContent': 'Aller au contenu',
  'app.footer': 'Trajectoires — un outil des Plombiers du numérique. Les chiffres sont publics et reproductibles.',

  'nav.label': 'Navigation principale',
  'nav.home': 'Accueil',
  'nav.map': 'Carte',
  'nav.campuses': 'Écoles',
  'nav.metrics': 'Indicateurs',
  'nav.apiDocs': 'Documentation de l’API',

  'language.label': 'Langue',
  'language.switchTo': 'Afficher en {language}',

  'error.title': 'Les données n’ont pas pu être chargées.',
  'error.network': 'Le serveur de Trajectoires ne répond pas. Vérifiez votre connexion, puis réessayez.',
  'error.unavailable': 'Le service est momentanément indisponible. Réessayez dans quelques instants.',
  'error.tooManyRequests': 'Trop de demandes en peu de temps. Patientez un instant, puis réessayez.',
  'error.server':
    'Le serveur a rencontré une erreur. Réessayez ; si cela persiste, transmettez la référence ci-dessous.',
  'error.client': 'La demande a été refusée par le serveur.',
  'error.detail': 'Détail donné par le serveur :',
  'error.requestId': 'Référence de la demande :',
  'error.retry': 'Réessayer',

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
} as const

export type MessageKey = keyof typeof fr
export type Messages = Record<MessageKey, string>
