import Type, { type TSchema } from 'typebox'

/**
 * A reference to a named component schema, typed as the schema it points to.
 * At run time it is `{ $ref: '<$id>' }`, so Fastify validates against the shared schema and the
 * OpenAPI document names it once under `components.schemas`.
 */
export function ref<T extends TSchema>(schema: T): T {
  const id = (schema as { $id?: string }).$id
  if (!id) throw new Error('ref() needs a schema with an $id')
  return Type.Ref(id) as unknown as T
}

/** A string enum rendered as `{ type: 'string', enum: [...] }`. */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string; default?: T[number]; $id?: string; examples?: T[number][] } = {},
) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })
}

/** `T | null`, for optional facts that may be cleared. */
export function Nullable<T extends TSchema>(schema: T, options: { description?: string } = {}) {
  return Type.Union([schema, Type.Null()], options)
}
