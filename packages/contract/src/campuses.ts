import Type, { type Static } from 'typebox'
import { IsoDate, Uuid, provenance, resourceMeta } from './common/ids.js'
import { Nullable, StringEnum, ref } from './common/schema.js'
import { Page, paginationQuery } from './common/pagination.js'
import { campusStatuses } from './common/enums.js'
import { campusExample, campusPageExample } from './examples.js'

const name = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'The campus name as the network uses it.',
  examples: ['Plombiers du numérique Lyon'],
})
const inseeCode = Type.String({
  pattern: '^[0-9][0-9AB][0-9]{3}$',
  description:
    'Official INSEE code of the commune (code officiel géographique), checked against the list of current communes shipped by `@etalab/decoupage-administratif`. Commune, department and region are derived from it.',
  examples: ['69123'],
})
const latitude = Type.Number({ minimum: -90, maximum: 90, description: 'Latitude (WGS 84).', examples: [45.7578] })
const longitude = Type.Number({
  minimum: -180,
  maximum: 180,
  description: 'Longitude (WGS 84).',
  examples: [4.832],
})
const status = StringEnum(campusStatuses, {
  description: '`planned` (announced), `open` (training learners) or `closed`.',
  examples: ['open'],
})
const openingDate = IsoDate('Day the campus opened or is due to open.')
const yearlyCapacity = Type.Integer({
  minimum: 1,
  maximum: 10000,
  description: 'Learners the campus plans to train per year.',
  examples: [45],
})

export const Campus = Type.Object(
  {
    id: Uuid('Campus id.'),
    name,
    inseeCode,
    commune: Type.String({ description: 'Commune name, derived from the INSEE code.', examples: ['Lyon'] }),
    departmentCode: Type.String({ description: 'Department code, derived.', examples: ['69'] }),
    departmentName: Type.String({ description: 'Department name, derived.', examples: ['Rhône'] }),
    regionCode: Type.String({ description: 'Region code, derived.', examples: ['84'] }),
    regionName: Type.String({ description: 'Region name, derived.', examples: ['Auvergne-Rhône-Alpes'] }),
    latitude: Nullable(latitude),
    longitude: Nullable(longitude),
    status,
    openingDate: Nullable(openingDate),
    yearlyCapacity: Nullable(yearlyCapacity),
    provenance,
    ...resourceMeta,
  },
  {
    $id: 'Campus',
    examples: [campusExample],
    description: 'A school of the network (école, campus), carried by a consortium of local partners.',
    additionalProperties: false,
  },
)

export const CampusCreate = Type.Object(
  {
    name,
    inseeCode,
    latitude: Type.Optional(Nullable(latitude)),
    longitude: Type.Optional(Nullable(longitude)),
    status: Type.Optional(StringEnum(campusStatuses, { description: 'Defaults to `planned`.', default: 'planned' })),
    openingDate: Type.Optional(Nullable(openingDate)),
    yearlyCapacity: Type.Optional(Nullable(yearlyCapacity)),
  },
  {
    $id: 'CampusCreate',
    description: 'A new campus. Latitude and longitude go together.',
    additionalProperties: false,
    examples: [
      {
        name: 'Plombiers du numérique Romans-sur-Isère',
        inseeCode: '26281',
        latitude: 45.0436,
        longitude: 5.0511,
        status: 'open',
        yearlyCapacity: 30,
      },
    ],
  },
)

export const CampusUpdate = Type.Object(
  {
    name: Type.Optional(name),
    inseeCode: Type.Optional(inseeCode),
    latitude: Type.Optional(Nullable(latitude)),
    longitude: Type.Optional(Nullable(longitude)),
    status: Type.Optional(status),
    openingDate: Type.Optional(Nullable(openingDate)),
    yearlyCapacity: Type.Optional(Nullable(yearlyCapacity)),
  },
  {
    $id: 'CampusUpdate',
    description: 'Fields to change; absent fields stay as they are, null clears an optional field.',
    additionalProperties: false,
    minProperties: 1,
    examples: [{ status: 'open', openingDate: '2018-11-05' }],
  },
)

export const campusSorts = ['name', '-name', 'createdAt', '-createdAt'] as const

export const CampusListQuery = Type.Object(
  {
    ...paginationQuery,
    status: Type.Optional(StringEnum(campusStatuses, { description: 'Only campuses with this status.' })),
    region: Type.Optional(
      Type.String({
        pattern: '^[0-9]{2}$',
        description: 'Only campuses in this region (INSEE region code).',
        examples: ['84'],
      }),
    ),
    department: Type.Optional(
      Type.String({
        pattern: '^[0-9][0-9AB][0-9]?$',
        description: 'Only campuses in this department (code).',
        examples: ['69'],
      }),
    ),
    sort: Type.Optional(
      StringEnum(campusSorts, { description: 'Sort field; a leading `-` sorts descending.', default: 'name' }),
    ),
  },
  { additionalProperties: false },
)

export const CampusPage = Page(ref(Campus), 'CampusPage', 'A page of campuses.', [campusPageExample])

export type Campus = Static<typeof Campus>
export type CampusCreate = Static<typeof CampusCreate>
export type CampusUpdate = Static<typeof CampusUpdate>
export type CampusListQuery = Static<typeof CampusListQuery>
export type CampusSort = (typeof campusSorts)[number]
