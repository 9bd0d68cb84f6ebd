import Type, { type Static } from 'typebox'
import { Timestamp } from './common/ids.js'
import { StringEnum, ref } from './common/schema.js'
import { MetricDefinition } from './stats.js'
import { openDataPackageExample } from './examples.js'

/** Field types the open-data tables use (Frictionless Table Schema types). */
export const openDataFieldTypes = ['string', 'integer', 'number', 'boolean', 'date', 'year'] as const
export type OpenDataFieldType = (typeof openDataFieldTypes)[number]

/** Names of the open-data resources: `GET /api/v1/open-data/{name}.csv`. */
export const openDataResourceNames = [
  'campuses',
  'placement-campus-year',
  'placement-network-year',
  'employment-campus-year',
  'employment-network-year',
  'flows-campus-year',
  'flows-network-year',
  'intake-campus',
  'iris-plus-mapping',
] as const
export type OpenDataResourceName = (typeof openDataResourceNames)[number]

const text = (description: string, examples?: string[]) =>
  Type.String({ description, ...(examples ? { examples } : {}) })

export const OpenDataFieldConstraints = Type.Object(
  {
    required: Type.Optional(Type.Boolean({ description: 'Every row has a value (never a missing value).' })),
    unique: Type.Optional(Type.Boolean({ description: 'No two rows share a value.' })),
    minimum: Type.Optional(Type.Number({ description: 'Smallest value allowed.' })),
    maximum: Type.Optional(Type.Number({ description: 'Largest value allowed.' })),
    pattern: Type.Optional(Type.String({ description: 'A regular expression the whole value matches.' })),
    enum: Type.Optional(Type.Array(Type.String(), { description: 'The values allowed, as written in the CSV.' })),
  },
  {
    $id: 'OpenDataFieldConstraints',
    description: 'Table Schema constraints of a field, checked on the logical value.',
    additionalProperties: false,
  },
)

export const OpenDataField = Type.Object(
  {
    name: text('Column name, as in the CSV header.', ['rate']),
    title: text('Short French label.', ['Taux']),
    type: StringEnum(openDataFieldTypes, { description: 'Table Schema type.' }),
    format: Type.Optional(text('Table Schema format (`default` when absent).')),
    description: text('What the column holds, in French.'),
    constraints: Type.Optional(ref(OpenDataFieldConstraints)),
  },
  { $id: 'OpenDataField', description: 'One column of a table (Table Schema field).', additionalProperties: false },
)

export const OpenDataForeignKey = Type.Object(
  {
    fields: Type.Array(Type.String(), { description: 'Columns of this table.' }),
    reference: Type.Object(
      {
        resource: text('The resource referred to.'),
        fields: Type.Array(Type.String(), { description: 'Its columns.' }),
      },
      { additionalProperties: false, description: 'Where the values are found.' },
    ),
  },
  { $id: 'OpenDataForeignKey', description: 'Values found in another table.', additionalProperties: false },
)

export const OpenDataTableSchema = Type.Object(
  {
    fields: Type.Array(ref(OpenDataField), { description: 'The columns, in CSV order.' }),
    primaryKey: Type.Array(Type.String(), { description: 'Columns that identify a row.' }),
    foreignKeys: Type.Optional(Type.Array(ref(OpenDataForeignKey), { description: 'References to other tables.' })),
    missingValues: Type.Array(Type.String(), {
      description:
        'Values read as missing: `s` (secret statistique) for a value withheld by the small-number rules, an empty cell for a value that does not exist (no rate without a denominator, no coordinates).',
    }),
  },
  { $id: 'OpenDataTableSchema', description: 'A Frictionless Table Schema.', additionalProperties: false },
)

export const OpenDataResource = Type.Object(
  {
    name: StringEnum(openDataResourceNames, { description: 'Resource name.' }),
    path: text('Where the CSV is, relative to the descriptor: `open-data/<name>.csv`.', ['open-data/campuses.csv']),
    profile: StringEnum(['tabular-data-resource'] as const, { description: 'Frictionless profile.' }),
    title: text('French title.'),
    description: text('What a row is, in French.'),
    format: StringEnum(['csv'] as const, { description: 'File format.' }),
    mediatype: StringEnum(['text/csv'] as const, { description: 'Media type.' }),
    encoding: StringEnum(['utf-8'] as const, { description: 'Character encoding (no byte-order mark).' }),
    dialect: Type.Object(
      {
        delimiter: Type.String({ description: 'Field separator.' }),
        lineTerminator: Type.String({ description: 'Line end.' }),
        header: Type.Boolean({ description: 'The first line names the columns.' }),
      },
      { additionalProperties: false, description: 'CSV dialect: RFC 4180, decimal point, dates in ISO 8601.' },
    ),
    schema: ref(OpenDataTableSchema),
  },
  { $id: 'OpenDataResource', description: 'One CSV file of the package.', additionalProperties: false },
)

export const IrisPlusMapping = Type.Object(
  {
    code: text('IRIS+ metric code.', ['PI3527']),
    name: text('IRIS+ metric name.', ['Job Placement Rate']),
    resource: StringEnum(openDataResourceNames, { description: 'The resource holding the figure.' }),
    fields: Type.Array(Type.String(), { description: 'The columns the figure comes from.' }),
    mapsFrom: text('How the figure is computed here, in French.'),
    differences: text('Where the definitions differ, in French.'),
  },
  {
    $id: 'IrisPlusMapping',
    description: 'How a figure of the package maps to an IRIS+ metric (GIIN), with the differences of definition.',
    additionalProperties: false,
  },
)

export const OpenDataPackage = Type.Object(
  {
    profile: StringEnum(['tabular-data-package'] as const, { description: 'Frictionless profile.' }),
    name: Type.String({ pattern: '^[a-z0-9._-]+$', description: 'Package name.' }),
    title: text('French title.'),
    description: text('What the package holds and how it is protected, in French (Markdown).'),
    homepage: Type.Optional(text('Where the API documentation is.')),
    keywords: Type.Array(Type.String(), { description: 'Keywords, in French.' }),
    licenses: Type.Array(
      Type.Object(
        {
          name: text('SPDX-like licence id.', ['etalab-2.0']),
          path: text('The licence text.'),
          title: text('Licence name.'),
        },
        { additionalProperties: false },
      ),
      { description: 'Licence Ouverte / Open Licence 2.0 (Etalab).' },
    ),
    sources: Type.Array(
      Type.Object(
        { title: text('Source name.'), description: text('What comes from it.') },
        { additionalProperties: false },
      ),
      { description: 'Where the figures come from.' },
    ),
    created: Timestamp('When the figures were computed.'),
    dataVersion: Type.Integer({
      minimum: 0,
      description: 'The records’ data version the figures were computed from (it changes on every write).',
    }),
    view: StringEnum(['public'] as const, {
      description: 'Always `public`: small numbers are suppressed for every caller, staff included.',
    }),
    metrics: Type.Array(ref(MetricDefinition), { description: 'The metric definitions the figures apply.' }),
    irisPlus: Type.Array(ref(IrisPlusMapping), { description: 'Mapping of the figures to IRIS+ metrics.' }),
    resources: Type.Array(ref(OpenDataResource), { description: 'The CSV files.' }),
  },
  {
    $id: 'OpenDataPackage',
    examples: [openDataPackageExample],
    description:
      'A Frictionless Tabular Data Package descriptor (`datapackage.json`): the public, suppressed aggregates of the network as CSV files with their table schemas, licence, sources and metric definitions.',
    additionalProperties: false,
  },
)

export const OpenDataResourceParams = Type.Object(
  {
    name: Type.String({
      pattern: '^[a-z0-9-]{1,60}(\\.csv)?$',
      description: `Resource name, with or without \`.csv\`: ${openDataResourceNames.map((n) => `\`${n}\``).join(', ')}. 404 for any other.`,
      examples: ['placement-campus-year.csv'],
    }),
  },
  { additionalProperties: false },
)

export const openDataSchemas = [
  OpenDataFieldConstraints,
  OpenDataField,
  OpenDataForeignKey,
  OpenDataTableSchema,
  OpenDataResource,
  IrisPlusMapping,
  OpenDataPackage,
]

export type OpenDataFieldConstraints = Static<typeof OpenDataFieldConstraints>
export type OpenDataField = Static<typeof OpenDataField>
export type OpenDataForeignKey = Static<typeof OpenDataForeignKey>
export type OpenDataTableSchema = Static<typeof OpenDataTableSchema>
export type OpenDataResource = Static<typeof OpenDataResource>
export type IrisPlusMapping = Static<typeof IrisPlusMapping>
export type OpenDataPackage = Static<typeof OpenDataPackage>
export type OpenDataResourceParams = Static<typeof OpenDataResourceParams>
