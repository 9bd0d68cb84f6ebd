import Type, { type Static } from 'typebox'
import { StringEnum } from './schema.js'

/** Stable problem codes. Add, never rename. */
export const problemCodes = [
  'bad_request',
  'validation_failed',
  'malformed_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'not_published',
  'route_not_found',
  'method_not_allowed',
  'conflict',
  'in_use',
  'duplicate',
  'precondition_failed',
  'precondition_required',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'not_acceptable',
  'idempotency_key_reused',
  'idempotency_in_progress',
  'import_rejected',
  'too_many_requests',
  'internal_error',
  'service_unavailable',
  'database_unavailable',
  'code_used',
  'code_expired',
  'code_revoked',
] as const
export const ValidationIssue = Type.Object(
  {
    in: Type.String({
      enum: ['body', 'query', 'params', 'headers'],
      description: 'Which part of the request failed.',
    }),
    field: Type.String({
      description: 'JSON pointer of the failing field inside that part ("" for the whole part).',
      examples: ['/siren'],
    }),
    message: Type.String({ description: 'What is wrong, in plain words.' }),
    code: Type.String({
      description: 'The rule that failed (the JSON Schema keyword or a domain rule).',
      examples: ['pattern'],
    }),
  },
  { $id: 'ValidationIssue', description: 'One failing field of a request.', additionalProperties: false },
)

export const Problem = Type.Object(
  {
    type: Type.String({
      description: 'A URI naming the kind of problem; `about:blank` when the status says it all.',
      examples: ['https://trajectoires.example/problems/validation_failed'],
    }),
    title: Type.String({ description: 'Short, human-readable summary of the kind of problem.' }),
    status: Type.Integer({ description: 'The HTTP status code.', examples: [400] }),
    detail: Type.Optional(Type.String({ description: 'What happened in this occurrence.' })),
    instance: Type.Optional(Type.String({ description: 'The request path.' })),
    code: StringEnum(problemCodes, {
      description:
        'Stable machine-readable code; clients branch on it, never on the text. Codes are added, never renamed: treat an unknown one by its `status`.',
      examples: ['validation_failed'],
    }),
    requestId: Type.String({ description: 'The request id, also in the `x-request-id` header and the logs.' }),
    errors: Type.Optional(
      Type.Array(Type.Ref('ValidationIssue'), { description: 'For validation problems: every failing field.' }),
    ),
  },
  {
    $id: 'Problem',
    description: 'An RFC 9457 problem detail, served as `application/problem+json`.',
    additionalProperties: true,
  },
)

export type ValidationIssue = Static<typeof ValidationIssue>
export type Problem = Static<typeof Problem> & { errors?: ValidationIssue[] }

export type ProblemCode = (typeof problemCodes)[number]
