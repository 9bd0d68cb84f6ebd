import { createHash } from 'node:crypto'
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import addFormatsImport from 'ajv-formats'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { declaredEncoding } from '../lib/charset.js'
import { AppError, Invalid } from '../lib/errors.js'

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsImport as unknown as { default?: typeof addFormatsImport }).default ??
  addFormatsImport) as unknown as (ajv: Ajv) => Ajv

const shared: Options = {
  // Unknown properties are refused, not silently dropped; every failing field is reported.
  removeAdditional: false,
  allErrors: true,
  useDefaults: true,
  // `?version=1e999` is Infinity once coerced, which Ajv's integer check lets through otherwise.
  strictNumbers: true,
  // OpenAPI annotations sit in the schemas beside validation keywords.
  strict: false,
}

/**
 * ajv-formats' `uuid` also takes `urn:uuid:…`, which the database and every id pattern refuse: an id
 * has one form, the one the API writes.
 */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function withFormats(ajv: Ajv): Ajv {
  addFormats(ajv)
  ajv.addFormat('uuid', uuid)
  return ajv
}

/** Where a non-finite number sits in coerced query parameters (one level, arrays included). */
function nonFiniteAt(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined
  for (const [key, value] of Object.entries(data)) {
    const values: unknown[] = Array.isArray(value) ? value : [value]
    if (values.some((v) => typeof v === 'number' && !Number.isFinite(v))) return `/${key}`
  }
  return undefined
}

/** Where a NUL character sits in a parsed request part, as a JSON pointer (the first one found). */
function nulAt(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined
  // Only what a JSON or query-string parser makes: a streamed body (imports) is not walked.
  if (depth > 64 || value === null || typeof value !== 'object') return undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulAt(value[i], `${path}/${i}`, depth + 1)
      if (found) return found
    }
    return undefined
  }
  if (typeof (value as { pipe?: unknown }).pipe === 'function' || ArrayBuffer.isView(value)) return undefined
  for (const [key, item] of Object.entries(value)) {
    const pointer = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
    if (key.includes('\u0000')) return pointer
    const found = nulAt(item, pointer, depth + 1)
    if (found) return found
  }
  return undefined
}

/**
 * Refuses NUL characters in every text of a request (query, path, JSON body) before validation:
 * PostgreSQL cannot store them in text and failed with a 500. One check for every field of every
 * route, so a new field cannot forget it.
 */
export const refuseNulCharacters = fp(
  async (app: FastifyInstance) => {
    app.addHook('preValidation', (request, _reply, done) => {
      const parts = [
        ['query', request.query],
        ['params', request.params],
        ['body', request.body],
      ] as const
      for (const [where, value] of parts) {
        const field = nulAt(value, '')
        if (field !== undefined) {
          done(Invalid([{ in: where, field, code: 'nul_character', message: 'must not contain a NUL character' }]))
          return
        }
      }
      done()
    })
  },
  { name: 'refuse-nul-characters' },
)

/**
 * Reads JSON bodies in the encoding they declare (RFC 8259 asks for UTF-8; a `charset=iso-8859-1`
 * body is decoded as such), and refuses bytes that are not text in that encoding (400
 * `malformed_json`) or a charset this API cannot decode (415): Fastify's own parser read every body
 * as UTF-8 and stored what it could not decode as U+FFFD.
 */
export const jsonInDeclaredEncoding = fp(
  async (app: FastifyInstance) => {
    const parseJson = app.getDefaultJsonParser('error', 'error')
    app.removeContentTypeParser('application/json')
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      let text: string
      try {
        const encoding = declaredEncoding(request.headers['content-type']) ?? 'utf-8'
        text = new TextDecoder(encoding, { fatal: true }).decode(body as Buffer)
      } catch (err) {
        done(
          err instanceof AppError
            ? err
            : new AppError(
                400,
                'malformed_json',
                'The request body is not text in the encoding it declares (UTF-8 without a charset).',
              ),
          undefined,
        )
        return
      }
      parseJson(request, text, done)
    })
  },
  { name: 'json-in-declared-encoding' },
)

/**
 * Two validators: JSON bodies are taken as sent (a number is not a name), while query strings,
 * path parameters and headers, which are text on the wire, are coerced to their schema types.
 */
const buildDefaultSerializer = SerializerSelector()
/** Compiled response serializers, by the shared schemas and the response schema they were built for. */
const serializers = new Map<string, (data: unknown) => string>()

export const schemaController: FastifyServerOptions['schemaController'] = {
  compilersFactory: {
    // fast-json-stringify compiles one serializer per route and status, each time loading and checking
    // every shared schema: about 800 compilations of some 100 distinct schemas (every problem
    // response is the same `Problem`), 80 % of the time an app takes to start. Identical schemas
    // share one serializer, within an app and across the apps a process builds (tests).
    buildSerializer(externalSchemas, options) {
      const compile = buildDefaultSerializer(externalSchemas, options)
      const shared = createHash('sha256')
        .update(JSON.stringify(externalSchemas ?? null))
        .update(JSON.stringify(options ?? null))
        .digest('base64url')
      return (route) => {
        const key = `${shared} ${JSON.stringify(route.schema)}`
        let serializer = serializers.get(key)
        if (!serializer) {
          serializer = compile(route)
          serializers.set(key, serializer)
        }
        return serializer
      }
    },
    buildValidator(externalSchemas) {
      const body = withFormats(new Ajv({ ...shared, coerceTypes: false }))
      const text = withFormats(new Ajv({ ...shared, coerceTypes: 'array' }))
      for (const schema of Object.values(externalSchemas as Record<string, { $id: string }>)) {
        body.addSchema(schema)
        text.addSchema(schema)
      }
      return ({ schema, httpPart }) => {
        if (httpPart === 'body') return body.compile(schema as object)
        const validate = text.compile(schema as object)
        // Ajv coerces `1e999` or `Infinity` to a number and, with strictNumbers, then skips the range
        // checks of a non-finite one: refused here, where the database would have failed on it.
        const checked = ((data: unknown) => {
          if (!validate(data)) {
            checked.errors = validate.errors
            return false
          }
          const field = nonFiniteAt(data)
          const error: ErrorObject = {
            instancePath: field ?? '',
            schemaPath: '',
            keyword: 'type',
            params: {},
            message: 'must be a finite number',
          }
          checked.errors = field === undefined ? null : [error]
          return field === undefined
        }) as ValidateFunction
        return Object.assign(checked, { schema: validate.schema, schemaEnv: validate.schemaEnv, errors: null })
      }
    },
  },
}
