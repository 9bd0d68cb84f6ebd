/**
 * The baseline of `pnpm bench:api`: a Fastify app with one JSON route and nothing else (no logger, no
 * hooks, no schemas, no database). Its body is shaped and sized like one campus of the API.
 *
 * Env: PORT (required), HOST (default 127.0.0.1).
 */
import Fastify from 'fastify'

const body = {
  id: '0b9d6c1e-3f4a-4e8b-9a51-7c2d1e0f6a42',
  name: 'Plombiers du numérique — Châlons-en-Champagne',
  inseeCode: '51108',
  commune: 'Châlons-en-Champagne',
  departmentCode: '51',
  departmentName: 'Marne',
  regionCode: '44',
  regionName: 'Grand Est',
  latitude: 48.9566,
  longitude: 4.3631,
  status: 'open',
  openingDate: '2019-09-02',
  yearlyCapacity: 24,
  provenance: 'source_article',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
}

const app = Fastify({ logger: false })
app.get('/bare', () => body)

const port = Number(process.env.PORT)
if (!Number.isInteger(port) || port <= 0) {
  console.error('bare-server: PORT must be set to a port number')
  process.exit(78)
}

await app.listen({ host: process.env.HOST || '127.0.0.1', port })

const stop = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
