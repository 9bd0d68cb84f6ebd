import type { TSchema } from 'typebox'

/** Named schemas of this resource, registered with Fastify and published in the contract. */
export const tracksSchemas: TSchema[] = []
