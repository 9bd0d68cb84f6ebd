/** Examples of the API's answers: campuses, organisations and consortium memberships. */

export const campusExample = {
  id: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
  name: 'Plombiers du numérique Lyon',
  inseeCode: '69123',
  commune: 'Lyon',
  departmentCode: '69',
  departmentName: 'Rhône',
  regionCode: '84',
  regionName: 'Auvergne-Rhône-Alpes',
  latitude: 45.764,
  longitude: 4.8357,
  status: 'open',
  openingDate: null,
  yearlyCapacity: 45,
  provenance: 'source_article',
  createdAt: '2026-11-28T18:29:18.140Z',
  updatedAt: '2026-11-28T18:29:18.140Z',
  version: 1,
}

export const organisationExample = {
  id: 'a193cbb6-6e66-487b-b05e-3599b806b618',
  name: 'Telenco',
  kind: 'other',
  siren: null,
  website: null,
  provenance: 'source_article',
  createdAt: '2026-11-28T18:29:15.977Z',
  updatedAt: '2026-11-28T18:29:15.977Z',
  version: 1,
}

export const membershipExample = {
  id: '0ddb71d6-93e2-4df9-be28-20dc6ac1d190',
  campus: {
    id: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
    name: 'Plombiers du numérique Lyon',
    commune: 'Lyon',
  },
  organisation: {
    id: 'aee0c29a-5367-454f-88a3-535dd9658afb',
    name: 'École de la Deuxième Chance de Lyon',
    kind: 'e2c',
  },
  roles: ['carrier'],
  validFrom: '2018-10-01',
  validTo: null,
  provenance: 'source_article',
  createdAt: '2026-11-28T18:29:18.433Z',
  updatedAt: '2026-11-28T18:29:18.433Z',
  version: 1,
}

export const campusPageExample = { items: [campusExample], nextCursor: 'eyJrIjoiZXhhbXBsZSIsImlkIjoiMCJ9' }

export const organisationPageExample = { items: [organisationExample], nextCursor: 'eyJrIjoiZXhhbXBsZSIsImlkIjoiMCJ9' }

export const membershipListExample = { items: [membershipExample] }

export const consortiumExample = {
  campusId: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
  asOf: '2019-01-01',
  members: [membershipExample],
}
