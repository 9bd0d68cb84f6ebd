import type { fr } from './messages'

/** The English of `./messages.ts` (French), in a file of its own: it is loaded only when a reader switches to English. */
export const en: Record<keyof typeof fr, string> = {
  'partners.title': 'Partners',
  'partners.heading': 'Partner directory',
  'partners.intro':
    'The partner organisations of the network, their SIREN, the campuses whose consortium they sit in and their roles.',
  'partners.filters': 'Filter the partners',
  'partners.search': 'Name',
  'partners.kind': 'Kind of organisation',
  'partners.anyKind': 'Any kind',
  'partners.currentOnly': 'Current roles only',
  'partners.error': 'The partners could not be loaded.',
  'partners.empty': 'No partner matches.',
  'partners.caption': 'Partners, in alphabetical order',
  'partners.name': 'Organisation',
  'partners.siren': 'SIREN',
  'partners.noSiren': 'not given',
  'partners.campuses': 'Campuses and roles',
  'partners.noCampus': 'In no consortium',
  'partners.membershipsError': 'Campuses not loaded',
  'partners.since': 'since {date}',
  'partners.until': 'until {date}',
  'partners.website': 'Website',
}
