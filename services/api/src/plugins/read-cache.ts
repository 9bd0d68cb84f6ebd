import fp from 'fastify-plugin'
import { eq } from 'drizzle-orm'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { DatabaseHandle } from '../db/client.js'
import { dataVersion } from '../db/schema/index.js'
import { DataVersionWatch } from '../lib/read-cache.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The database's data version, followed through LISTEN: what read caches are keyed on. */
    dataVersion: DataVersionWatch
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Follows the data version for the read caches (`lib/read-cache.ts`) and tells it about every
 * write this process answers, before the answer leaves: the writer's next read asks the database.
 */
export default fp<{ database: DatabaseHandle }>(
  async (app, { database }) => {
    const versionQuery = database.db
      .select({ version: dataVersion.version })
      .from(dataVersion)
      .where(eq(dataVersion.id, 1))
      .prepare('data_version_now')
    const watch = new DataVersionWatch(async () => {
      const [row] = await versionQuery.execute()
      return row?.version ?? 0
    })
    await watch.start(database)
    app.decorate('dataVersion', watch)
    app.addHook('onSend', (request: FastifyRequest, _reply: FastifyReply, payload: unknown, done) => {
      if (!safeMethods.has(request.method)) watch.localWrite()
      done(null, payload)
    })
    app.addHook('onClose', async () => {
      await watch.close()
    })
  },
  { name: 'read-cache' },
)
