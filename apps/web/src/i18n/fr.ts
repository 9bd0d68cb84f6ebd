/** French, the dashboard's default language. Every key here must exist in en.ts (the type checks it). */
export const fr = {
  'app.name': 'Trajectoires',
  'app.tagline': 'Suivi des parcours et de l’insertion',
  'app.skipToContent': 'Aller au contenu',
  'app.footer': 'Trajectoires — un outil des Plombiers du numérique. Les chiffres sont publics et reproductibles.',

  'nav.label': 'Navigation principale',
  'nav.home': 'Accueil',
  'nav.campuses': 'Écoles',
  'nav.apiDocs': 'Documentation de l’API',

  'language.label': 'Langue',
  'language.switchTo': 'Afficher en {language}',

  'home.title': 'Accueil',
  'home.heading': 'Trajectoires',
  'home.lede': 'Trajectoires — le suivi des parcours et de l’insertion des apprenant·es des Plombiers du numérique',
  'home.intro':
    'Les Plombiers du numérique forment au déploiement de la fibre optique des jeunes sans diplôme, en apprentissage rémunéré. Chaque école est portée par un consortium de partenaires locaux.',
  'home.purpose':
    'Trajectoires rassemble les écoles, leurs partenaires et, bientôt, les promotions et les situations des apprenant·es à la sortie, à six mois et à douze mois, pour publier un taux d’insertion défini, honnête et reproductible.',
  'home.next': 'Pour commencer',
  'home.linkCampuses': 'Voir les écoles du réseau',
  'home.linkApiDocs': 'Lire la documentation de l’API',

  'campuses.title': 'Écoles',
  'campuses.heading': 'Les écoles du réseau',
  'campuses.intro': 'Les campus des Plombiers du numérique, ouverts, annoncés ou fermés.',
  'campuses.caption': 'Écoles du réseau, par ordre alphabétique',
  'campuses.count': '{count} école|{count} écoles',
  'campuses.loading': 'Chargement des écoles…',
  'campuses.empty': 'Aucune école n’est encore enregistrée.',
  'campuses.column.name': 'Nom',
  'campuses.column.commune': 'Commune',
  'campuses.column.region': 'Région',
  'campuses.column.status': 'Statut',
  'campuses.column.yearlyCapacity': 'Capacité annuelle',
  'campuses.capacityUnknown': 'non renseignée',
  'campuses.status.planned': 'Annoncée',
  'campuses.status.open': 'Ouverte',
  'campuses.status.closed': 'Fermée',

  'error.title': 'Les écoles n’ont pas pu être chargées.',
  'error.network': 'Le serveur de Trajectoires ne répond pas. Vérifiez votre connexion, puis réessayez.',
  'error.unavailable': 'Le service est momentanément indisponible. Réessayez dans quelques instants.',
  'error.tooManyRequests': 'Trop de demandes en peu de temps. Patientez un instant, puis réessayez.',
  'error.server':
    'Le serveur a rencontré une erreur. Réessayez ; si cela persiste, transmettez la référence ci-dessous.',
  'error.client': 'La demande a été refusée par le serveur.',
  'error.detail': 'Détail donné par le serveur :',
  'error.requestId': 'Référence de la demande :',
  'error.retry': 'Réessayer',

  'notFound.title': 'Page introuvable',
  'notFound.heading': 'Cette page n’existe pas',
  'notFound.body': 'L’adresse demandée ne correspond à aucune page du tableau de bord.',
  'notFound.back': 'Revenir à l’accueil',
} as const

export type MessageKey = keyof typeof fr
export type Messages = Record<MessageKey, string>
