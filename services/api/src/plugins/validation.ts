import { Ajv, type Options } from 'ajv'
import addFormatsImport from 'ajv-formats'
import type { FastifyServerOptions } from 'fastify'

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsImport as unknown as { default?: typeof addFormatsImport }).default ??
  addFormatsImport) as unknown as (ajv: Ajv) => Ajv

const shared: Options = {
  // Unknown properties are refused, not silently dropped; every failing field is reported.
  removeAdditional: false,
  allErrors: true,
  useDefaults: true,
  // OpenAPI annotations sit in the schemas beside validation keywords.
  strict: false,
}

/**
 * Two validators: JSON bodies are taken as sent (a number is not a name), while query strings,
 * path parameters and headers, which are text on the wire, are coerced to their schema types.
 */
export const schemaController: FastifyServerOptions['schemaController'] = {
  compilersFactory: {
    buildValidator(externalSchemas) {
      const body = addFormats(new Ajv({ ...shared, coerceTypes: false }))
      const text = addFormats(new Ajv({ ...shared, coerceTypes: 'array' }))
      for (const schema of Object.values(externalSchemas as Record<string, { $id: string }>)) {
        body.addSchema(schema)
        text.addSchema(schema)
      }
      return ({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema as object)
    },
  },
}
