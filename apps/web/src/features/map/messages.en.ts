import type { fr } from './messages'

/** The English of `./messages.ts` (French), in a file of its own: it is loaded only when a reader switches to English. */
export const en: Record<keyof typeof fr, string> = {
  'map.title': 'Campus map',
  'map.heading': 'The campuses on the map of France',
  'map.intro':
    'Each dot is a campus of the network, placed from its commune’s coordinates. Choose one to see its page, or use the list.',
  'map.svgTitle': 'Map of metropolitan France with {count} campus|Map of metropolitan France with {count} campuses',
  'map.campusLink': '{name}, in {commune}: see the campus page',
  'map.listHeading': 'The campuses, as a list',
  'map.credit': 'Base map: Natural Earth (public domain), Lambert conformal conic projection.',
  'map.empty': 'No campus has been recorded yet: the map is empty.',
  'map.error': 'The campuses could not be loaded for the map.',
}
