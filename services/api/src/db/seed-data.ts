import type { CampusCreate, ConsortiumRole, OrganisationCreate } from '@trajectoires/contract'

/**
 * The network as the founding press article describes it (about October 2018; DOMAIN.md §1).
 * Every record here is a fact from the article and is stored with provenance `source_article`.
 * Coordinates are the communes' town-hall positions, INSEE codes the official ones; SIRENs are left
 * empty rather than guessed.
 */
export const articleOrganisations: OrganisationCreate[] = [
  { name: 'Impala Avenir', kind: 'endowment_fund' },
  { name: 'InfraNum', kind: 'federation', website: 'https://infranum.fr' },
  { name: 'École de la Deuxième Chance de Lyon', kind: 'e2c' },
  { name: 'Apprentis d’Auteuil', kind: 'association', website: 'https://www.apprentis-auteuil.org' },
  { name: 'Sport dans la Ville', kind: 'association', website: 'https://www.sportdanslaville.com' },
  { name: 'Telenco', kind: 'other' },
  { name: 'Fondation PAI Partners', kind: 'foundation' },
  { name: 'Écoles de la Deuxième Chance de Champagne-Ardenne', kind: 'e2c' },
  { name: 'Almea Fibre', kind: 'training_provider' },
  { name: 'Altitude Infrastructure', kind: 'network_operator' },
  { name: 'Losange', kind: 'network_operator' },
  { name: 'Groupe Archer', kind: 'insertion_company' },
  { name: 'Mairie de Romans-sur-Isère', kind: 'city_hall' },
  { name: 'Chambre de commerce et d’industrie (CCI)', kind: 'chamber_of_commerce' },
  { name: 'Syndicat mixte Ardèche Drôme Numérique (ADN)', kind: 'public_body' },
  { name: 'Fondation BreakPoverty', kind: 'foundation' },
]

export const articleCampuses: CampusCreate[] = [
  {
    name: 'Plombiers du numérique Chelles',
    inseeCode: '77108',
    latitude: 48.8811,
    longitude: 2.5909,
    status: 'open',
    openingDate: '2017-09-01',
  },
  {
    name: 'Plombiers du numérique Bordeaux',
    inseeCode: '33063',
    latitude: 44.8378,
    longitude: -0.5792,
    status: 'open',
  },
  {
    name: 'Plombiers du numérique Marseille',
    inseeCode: '13055',
    latitude: 43.2965,
    longitude: 5.3698,
    status: 'open',
  },
  {
    name: 'Plombiers du numérique Lyon',
    inseeCode: '69123',
    latitude: 45.764,
    longitude: 4.8357,
    status: 'open',
    yearlyCapacity: 45,
  },
  {
    name: 'Plombiers du numérique Châlons-en-Champagne',
    inseeCode: '51108',
    latitude: 48.9566,
    longitude: 4.3631,
    status: 'open',
    openingDate: '2018-11-01',
  },
  {
    name: 'Plombiers du numérique Romans-sur-Isère',
    inseeCode: '26281',
    latitude: 45.0434,
    longitude: 5.0514,
    status: 'open',
    yearlyCapacity: 30,
  },
]

/** Consortia as of the article; memberships start on the article's date, roles as it names them. */
export const articleDate = '2018-10-01'

export const articleMemberships: Array<{ campus: string; organisation: string; roles: ConsortiumRole[] }> = [
  { campus: 'Plombiers du numérique Lyon', organisation: 'École de la Deuxième Chance de Lyon', roles: ['carrier'] },
  { campus: 'Plombiers du numérique Lyon', organisation: 'Apprentis d’Auteuil', roles: ['associate'] },
  { campus: 'Plombiers du numérique Lyon', organisation: 'Sport dans la Ville', roles: ['associate'] },
  { campus: 'Plombiers du numérique Lyon', organisation: 'Telenco', roles: ['industry_sponsor'] },
  { campus: 'Plombiers du numérique Lyon', organisation: 'Fondation PAI Partners', roles: ['funder'] },
  {
    campus: 'Plombiers du numérique Châlons-en-Champagne',
    organisation: 'Écoles de la Deuxième Chance de Champagne-Ardenne',
    roles: ['carrier'],
  },
  {
    campus: 'Plombiers du numérique Châlons-en-Champagne',
    organisation: 'Almea Fibre',
    roles: ['carrier', 'training_provider'],
  },
  {
    campus: 'Plombiers du numérique Châlons-en-Champagne',
    organisation: 'Altitude Infrastructure',
    roles: ['industry_sponsor'],
  },
  { campus: 'Plombiers du numérique Châlons-en-Champagne', organisation: 'Losange', roles: ['industry_sponsor'] },
  { campus: 'Plombiers du numérique Romans-sur-Isère', organisation: 'Groupe Archer', roles: ['carrier'] },
  {
    campus: 'Plombiers du numérique Romans-sur-Isère',
    organisation: 'Mairie de Romans-sur-Isère',
    roles: ['public_partner'],
  },
  {
    campus: 'Plombiers du numérique Romans-sur-Isère',
    organisation: 'Chambre de commerce et d’industrie (CCI)',
    roles: ['public_partner'],
  },
  {
    campus: 'Plombiers du numérique Romans-sur-Isère',
    organisation: 'Syndicat mixte Ardèche Drôme Numérique (ADN)',
    roles: ['public_partner'],
  },
  { campus: 'Plombiers du numérique Romans-sur-Isère', organisation: 'Fondation BreakPoverty', roles: ['funder'] },
]
