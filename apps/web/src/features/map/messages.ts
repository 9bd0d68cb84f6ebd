/** Messages of the map feature; spread into i18n/fr.ts (their English, in messages.en.ts, into i18n/en.ts). */
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
