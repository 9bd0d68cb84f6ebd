import Type, { type Static } from 'typebox'
import { IdParams, Uuid, resourceMeta } from './common/ids.js'
import { Nullable, StringEnum, ref } from './common/schema.js'
import { Page, paginationQuery } from './common/pagination.js'
import { organisationKinds, provenances } from './common/enums.js'
import { organisationExample, organisationPageExample } from './examples.js'

const name = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'The organisation’s usual name.',
  examples: ['École de la Deuxième Chance de Lyon'],
})
const kind = StringEnum(organisationKinds, {
  description: 'What sort of organisation it is.',
  examples: ['e2c'],
})
const siren = Type.String({
  pattern: '^[0-9]{9}$',
  description:
    'French company number (SIREN): 9 digits with a valid Luhn check digit. Optional: associations may not have one.',
  examples: ['732829320'],
})
const website = Type.String({
  format: 'uri',
  pattern: '^https?://',
  maxLength: 500,
  description: 'Public website (http or https).',
  examples: ['https://www.e2c-lyon.fr'],
})

export const Organisation = Type.Object(
  {
    id: Uuid('Organisation id.'),
    name,
    kind,
    siren: Nullable(siren, { description: 'SIREN, or null when unknown.' }),
    website: Nullable(website, { description: 'Website, or null.' }),
    provenance: StringEnum(provenances, {
      description:
        '`source_article` for facts from the founding press article, `demo` for demonstration data, `user` for records entered through the API.',
    }),
    ...resourceMeta,
  },
  {
    $id: 'Organisation',
    examples: [organisationExample],
    description: 'A partner organisation (partenaire, structure) that can sit in campus consortia.',
    additionalProperties: false,
  },
)

export const OrganisationCreate = Type.Object(
  {
    name,
    kind,
    siren: Type.Optional(Nullable(siren)),
    website: Type.Optional(Nullable(website)),
  },
  {
    $id: 'OrganisationCreate',
    description: 'A new organisation.',
    additionalProperties: false,
    examples: [{ name: 'Telenco', kind: 'fibre_contractor', website: 'https://www.telenco.fr' }],
  },
)

export const OrganisationUpdate = Type.Object(
  {
    name: Type.Optional(name),
    kind: Type.Optional(kind),
    siren: Type.Optional(Nullable(siren)),
    website: Type.Optional(Nullable(website)),
  },
  {
    $id: 'OrganisationUpdate',
    description: 'Fields to change; absent fields stay as they are, null clears an optional field.',
    additionalProperties: false,
    minProperties: 1,
    examples: [{ website: 'https://www.telenco.fr' }],
  },
)

export const organisationSorts = ['name', '-name', 'createdAt', '-createdAt'] as const

export const OrganisationListQuery = Type.Object(
  {
    ...paginationQuery,
    kind: Type.Optional(StringEnum(organisationKinds, { description: 'Only organisations of this kind.' })),
    sort: Type.Optional(
      StringEnum(organisationSorts, {
        description: 'Sort field; a leading `-` sorts descending.',
        default: 'name',
      }),
    ),
  },
  { additionalProperties: false },
)

export const OrganisationPage = Page(ref(Organisation), 'OrganisationPage', 'A page of organisations.', [
  organisationPageExample,
])

export { IdParams as OrganisationParams }

export type Organisation = Static<typeof Organisation>
export type OrganisationCreate = Static<typeof OrganisationCreate>
export type OrganisationUpdate = Static<typeof OrganisationUpdate>
export type OrganisationListQuery = Static<typeof OrganisationListQuery>
export type OrganisationSort = (typeof organisationSorts)[number]
