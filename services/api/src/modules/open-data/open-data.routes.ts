import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  OpenDataPackage,
  OpenDataResourceParams,
  openDataResourceNames,
  ref,
  type OpenDataResourceName,
} from '@trajectoires/contract'
import Type from 'typebox'
import { access } from '../../lib/access.js'
import { NotFound } from '../../lib/errors.js'
import { conditionalHeaders, notModifiedResponse } from '../../lib/routes.js'
import type { Answer } from '../stats/stats.service.js'
import type { OpenDataService } from './open-data.service.js'

const tags = ['Open data']

/** Every caller gets the public view; an ETag that changes with the records, the metrics and the day. */
function send(reply: FastifyReply, answer: Answer) {
  reply.header('etag', answer.etag).header('cache-control', 'public, no-cache')
  if (answer.notModified) return reply.code(304).send()
  return reply.type(answer.contentType).send(answer.body)
}

export const openDataRoutes: FastifyPluginAsyncTypebox<{ service: OpenDataService }> = async (app, { service }) => {
  app.get(
    '/open-data',
    {
      config: { access: access.public },
      schema: {
        operationId: 'getOpenData',
        tags,
        summary: 'Open data package (datapackage.json)',
        description:
          'A Frictionless Tabular Data Package descriptor: the public, suppressed aggregates of the network (campuses, placement rate at six months by campus and exit year and for the network, entries and completions by year, intake profile, mapping to the IRIS+ metrics PI3527, PI2998 and PI4060) as CSV files with full table schemas, the Licence Ouverte 2.0, sources and the metric definitions applied. Always the public view, whoever asks: staff credentials do not lift the suppression. Each resource’s `path` is relative to this URL (`open-data/<name>.csv`). Answers carry an ETag that changes with the records: send it in `If-None-Match` for a 304.',
        headers: conditionalHeaders,
        response: { 200: ref(OpenDataPackage), ...notModifiedResponse },
      },
    },
    async (request, reply) => send(reply, await service.descriptor(request.headers['if-none-match'])),
  )

  app.get(
    '/open-data/:name',
    {
      config: { access: access.public },
      schema: {
        operationId: 'getOpenDataResource',
        tags,
        summary: 'One CSV file of the open data package',
        description:
          'RFC 4180 CSV (comma, decimal point, ISO dates, CRLF, UTF-8 without byte-order mark) described by the resource’s table schema in `GET /open-data`. A value withheld by the small-number rules is `s`; an empty cell is a value that does not exist. Always the public view. ETag as for the descriptor.',
        params: OpenDataResourceParams,
        headers: conditionalHeaders,
        response: {
          200: {
            description: 'The CSV file.',
            content: {
              'text/csv': {
                schema: Type.String({
                  description: 'The table, header line first.',
                  examples: [
                    'exit_year,metric_id,metric_version,population,excluded,denominator,numerator,unknown,response_rate,rate,ci95_low,ci95_high,rate_all_unknown_placed,maturity,coverage,suppressed,suppression_reason,gap_to_target\r\n2019,r_positive,1,48,2,46,35,4,0.913,0.761,0.622,0.861,0.848,final,1,false,,-0.039\r\n2020,r_positive,1,12,0,12,s,s,s,s,s,s,s,final,1,true,small_denominator,s\r\n',
                  ],
                }),
              },
            },
          },
          ...notModifiedResponse,
        },
      },
    },
    async (request, reply) => {
      const name = request.params.name.replace(/\.csv$/, '') as OpenDataResourceName
      if (!openDataResourceNames.includes(name)) throw NotFound('Open data resource', request.params.name)
      return send(reply, await service.resource(name, request.headers['if-none-match']))
    },
  )
}
