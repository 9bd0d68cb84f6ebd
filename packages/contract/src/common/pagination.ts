import Type, { type Static, type TObject, type TSchema } from 'typebox'

export const paginationQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Page size, 1 to 100.' })),
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 512,
      description: 'Opaque cursor from the previous page’s `nextCursor`. Keep the same filters and sort.',
    }),
  ),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'Name search, ignoring case and accents (“chalons” finds “Châlons-en-Champagne”).',
    }),
  ),
}

/** A page of results with an opaque cursor to the next one. */
export function Page<T extends TSchema>(item: T, id: string, description: string, examples?: unknown[]) {
  return Type.Object(
    {
      items: Type.Array(item, { description: 'The results of this page.' }),
      nextCursor: Type.Union([Type.String(), Type.Null()], {
        description: 'Pass as `cursor` to get the next page; null on the last page.',
      }),
    },
    { $id: id, description, additionalProperties: false, ...(examples ? { examples } : {}) },
  )
}

export type PageOf<T> = { items: T[]; nextCursor: string | null }
export type PaginationQuery = Static<TObject<typeof paginationQuery>>
