import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/** The built dashboard exists (its index.html is there). */
export const webAvailable = (webDist: string | undefined): webDist is string =>
  !!webDist && existsSync(join(webDist, 'index.html'))

/**
 * How long a file of the dashboard may be kept: files under `assets/` carry a hash of their content
 * in their name (a new build gives new names), so they never change; the page that names them
 * (`index.html`) and the unhashed files must be revalidated on every visit.
 */
function cacheControlFor(path: string): string {
  return /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

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
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // Vite writes `.br` and `.gz` beside each text file (apps/web/build/compress.ts): served as they
    // are to a browser that accepts them, with `Vary: Accept-Encoding`.
    preCompressed: true,
    setHeaders: (reply, path) => reply.header('cache-control', cacheControlFor(path)),
  })
}

export default fp(webPlugin, { name: 'web', dependencies: ['errors'] })
