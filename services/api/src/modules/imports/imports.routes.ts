import type { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ImportParams, ImportQuery, ImportReport, ref, type ImportKind } from '@trajectoires/contract'
import Type from 'typebox'
import type { Database } from '../../db/client.js'
import { declaredEncoding } from '../../lib/charset.js'
import { AppError } from '../../lib/errors.js'
import { sendProblem } from '../../plugins/errors.js'
import { scopeOf } from '../../plugins/idempotency.js'
import { hasScope } from '../../lib/access.js'
import { runImport, type HandlerFactory } from './imports.engine.js'
import type { ImportFormat } from './imports.parse.js'

declare module 'fastify' {
  interface FastifyRequest {
    importBody?: Readable
  }
}

const formats: Record<string, ImportFormat> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
}
const fileSchema = { type: 'string', description: 'The file, streamed.' }
const csvExample =
  'campus;cohort;learnerReference;birthYear;sex;diplomaAtEntry;referrer;appliedOn;stage\r\nPlombiers du numérique Lyon;LYO 2019-1;LYO-2019-014;2001;female;none;mission_locale;04/11/2018;applied\r\n'
const ndjsonExample =
  '{"campus":"Plombiers du numérique Lyon","cohort":"LYO 2019-1","learnerReference":"LYO-2019-014","checkpoint":"m6","observedOn":"2019-10-07","situation":"employed","contractType":"cdi","source":"employer_confirmed"}\n'

export const importsRoutes: FastifyPluginAsyncTypebox<{
  db: Database
  reader?: Database | undefined
  handlers: Record<ImportKind, HandlerFactory<unknown>>
}> = async (app, { db, reader, handlers }) => {
  // The body stays a stream: files of any length go through in bounded memory.
  app.addContentTypeParser(Object.keys(formats), (_request, payload, done) => done(null, payload))

  app.post(
    '/imports/:kind',
    {
      config: {
        idempotency: false,
        access: {
          allow: ['campus_staff', 'enrolments:write', 'outcomes:write'],
          note: 'A key needs the scope of the kind imported (`enrolments:write` or `outcomes:write`); a line naming a campus the caller may not write fails the import.',
        },
      },
      // The stream is set aside before validation, which then sees an empty string.
      preValidation: async (request) => {
        request.importBody = request.body as Readable
        request.body = ''
      },
      schema: {
        operationId: 'importRecords',
        tags: ['Imports'],
        summary: 'Import enrolments or outcome observations from a spreadsheet',
        description:
          'CSV as French spreadsheets export it (`;` or `,`, UTF-8 with or without BOM or Windows-1252, dates as dd/mm/yyyy or ISO) or NDJSON (UTF-8), streamed; a `charset` in the Content-Type is honoured (415 for one this API cannot decode), and a line that is not text in its encoding fails the import. All or nothing: one failing line leaves nothing written, and the report lists every failing line with its column and message. `dryRun=true` checks everything and writes nothing. Rows name campuses, cohorts and learners by their natural keys (campus name, commune or id, cohort name, learner reference). Headers and values may be written as in the dashboard’s French templates (`Référence apprenant·e`, `Observée le`; `CDI`, `En alternance`, `À 6 mois`), case and accents aside, or as the codes. With `Idempotency-Key`, a retry returns the first report without importing twice. See docs/imports.md for the columns.',
        params: ImportParams,
        querystring: ImportQuery,
        headers: Type.Object({
          'idempotency-key': Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 200,
              description: 'Makes a retry safe: same key, same file, same report.',
            }),
          ),
        }),
        body: {
          content: {
            'text/csv': { schema: { ...fileSchema, examples: [csvExample] } },
            'application/x-ndjson': { schema: { ...fileSchema, examples: [ndjsonExample] } },
          },
        } as never,
        response: {
          200: ref(ImportReport),
          422: {
            description:
              'At least one line failed: nothing was written, and `report` lists every failing line (`import_rejected`); or the `Idempotency-Key` was used for another request (`idempotency_key_reused`).',
            content: { 'application/problem+json': { schema: Type.Ref('ImportRejected') } },
          },
        },
      },
    },
    async (request, reply) => {
      const needed = request.params.kind === 'enrolments' ? 'enrolments:write' : 'outcomes:write'
      if (request.principal.kind === 'api_key' && !hasScope(request.principal, needed)) {
        throw new AppError(403, 'forbidden', `Importing ${request.params.kind} needs an API key with \`${needed}\`.`)
      }
      const contentType = String(request.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase()
      const format = formats[contentType]
      const body = request.importBody
      if (!format || !body) {
        throw new AppError(415, 'unsupported_media_type', 'Send the file as text/csv or application/x-ndjson.')
      }
      const encoding = declaredEncoding(request.headers['content-type'])
      const key = request.headers['idempotency-key']
      const outcome = await runImport(db, {
        kind: request.params.kind,
        format,
        encoding,
        body,
        dryRun: request.query.dryRun ?? false,
        factory: handlers[request.params.kind],
        reader,
        idempotency: typeof key === 'string' ? { scope: scopeOf(request), key } : undefined,
      })
      if (outcome.type === 'replay') {
        return reply
          .code(outcome.statusCode as 200)
          .header('idempotent-replayed', 'true')
          .type('application/json; charset=utf-8')
          .serializer((x) => x as string)
          .send(outcome.body)
      }
      const { report } = outcome
      if (report.committed) request.server.statsDrainer.soon()
      if (report.errors.length > 0) {
        return sendProblem(
          request,
          reply,
          422,
          'import_rejected',
          `${report.invalidRows} of ${report.rows} line(s) failed; nothing was written.`,
          undefined,
          { report },
        )
      }
      return report
    },
  )
}
