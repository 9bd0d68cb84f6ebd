import Type from 'typebox'
import { provenances } from './enums.js'
import { Nullable, StringEnum } from './schema.js'

export const Uuid = (description: string) =>
  Type.String({ format: 'uuid', description, examples: ['0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10'] })

export const IsoDate = (description: string) => Type.String({ format: 'date', description, examples: ['2018-11-05'] })

export const Timestamp = (description: string) =>
  Type.String({ format: 'date-time', description, examples: ['2026-11-28T15:41:51.000Z'] })

/** Fields every stored resource carries. */
export const resourceMeta = {
  createdAt: Timestamp('When the resource was created (UTC).'),
  updatedAt: Timestamp('When the resource was last changed (UTC).'),
  version: Type.Integer({
    minimum: 1,
    description: 'Incremented on every change. The `ETag` header carries it; send it back in `If-Match` to update.',
    examples: [1],
  }),
}

export const IdParams = Type.Object({ id: Uuid('The resource id.') }, { additionalProperties: false })

/** The `If-Match` header of updates and deletes (required by the service: 428 without it). */
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The ETag last read.' })),
})

/** Where a stored record comes from. */
export const provenance = StringEnum(provenances, {
  description: '`source_article`, `demo` or `user`: where this record comes from.',
})

/** The bulk import that wrote a record, on the records an import can write. */
export const writtenByImport = Nullable(
  Uuid(
    'The bulk import that wrote this record (`importId` of its report, `resourceId` of its audit entry); null when written otherwise.',
  ),
)
