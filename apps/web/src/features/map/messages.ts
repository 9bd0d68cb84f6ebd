/** Messages of the map feature; spread into i18n/fr.ts and i18n/en.ts. */
export const fr = {
  'map.title': 'Carte des écoles',
  'map.heading': 'Les écoles sur la carte de France',
  'map.intro':
    'Chaque point est une école du réseau, placé d’après les coordonnées de sa commune. Choisissez-en une pour voir sa fiche, ou utilisez la liste.',
  'map.svgTitle':
    'Carte de la France métropolitaine avec {count} école|Carte de la France métropolitaine avec {count} écoles',
  'map.campusLink': '{name}, à {commune} : voir la fiche de l’école',
  'map.listHeading': 'Les écoles, en liste',
  'map.credit': 'Fond de carte : Natural Earth (domaine public), projection conique conforme de Lambert.',
  'map.empty': 'Aucune école n’est encore enregistrée : la carte est vide.',
  'map.error': 'Les écoles n’ont pas pu être chargées pour la carte.',
} as const

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
