import Type, { type Static } from 'typebox'
import { healthExample, readinessExample } from './examples.js'

export const Health = Type.Object(
  {
    status: Type.String({ enum: ['ok'], description: 'Always `ok` when the process answers.' }),
    uptimeSeconds: Type.Number({ description: 'Seconds since the process started.' }),
  },
  { $id: 'Health', examples: [healthExample], description: 'The process is alive.', additionalProperties: false },
)

export const Readiness = Type.Object(
  {
    status: Type.String({ enum: ['ready', 'not_ready'], description: '`ready` when every check passes.' }),
    checks: Type.Object(
      {
        database: Type.String({ enum: ['ok', 'unreachable'], description: 'A query reached the database.' }),
        migrations: Type.String({
          enum: ['ok', 'pending', 'unknown'],
          description: 'Every migration shipped with this version is applied.',
        }),
      },
      { additionalProperties: false },
    ),
    databaseKind: Type.String({ enum: ['postgres', 'pglite'], description: 'Which database the API runs on.' }),
  },
  {
    $id: 'Readiness',
    examples: [readinessExample],
    description: 'Whether the API can serve requests.',
    additionalProperties: false,
  },
)

export type Health = Static<typeof Health>
export type Readiness = Static<typeof Readiness>
