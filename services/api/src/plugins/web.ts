import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/** The built dashboard exists (its index.html is there). */
export const webAvailable = (webDist: string | undefined): webDist is string =>
  !!webDist && existsSync(join(webDist, 'index.html'))

/**
 * Serves the built dashboard at `/`. The errors plugin answers the single-page app's own routes
 * with its index; API paths that match nothing still get a problem+json 404.
 */
async function webPlugin(app: FastifyInstance, options: { webDist: string | undefined }) {
  const root = options.webDist
  if (!webAvailable(root)) {
    app.log.warn({ webDist: root }, 'dashboard not built: `/` serves a pointer to the API docs')
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Trajectoires</title><h1>Trajectoires</h1><p>Le tableau de bord n’est pas construit (<code>pnpm --filter @trajectoires/web build</code>). <a href="/api/docs">Documentation de l’API</a></p></html>',
        ),
    )
    return
  }
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] })
}

export default fp(webPlugin, { name: 'web', dependencies: ['errors'] })
