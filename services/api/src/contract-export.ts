import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { openDatabase } from './db/client.js'

/** Recursively sorts object keys, so the committed contract diffs cleanly. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    )
  }
  return value
}

const target = fileURLToPath(new URL('../../../packages/contract/openapi.json', import.meta.url))
const check = process.argv.includes('--check')

const database = await openDatabase({ dataDir: 'memory://' })
const app = await buildApp({ ...loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '' }) }, database)
await app.ready()
const generated = `${JSON.stringify(sortKeys(app.swagger()), null, 2)}\n`
await app.close()
await database.close()

if (check) {
  let committed = ''
  try {
    committed = readFileSync(target, 'utf8')
  } catch {
    // missing counts as drift
  }
  if (committed !== generated) {
    console.error(
      'packages/contract/openapi.json is out of date with the routes and schemas. Run `pnpm contract:export` and commit the result.',
    )
    process.exit(1)
  }
  console.log('packages/contract/openapi.json matches the app')
} else {
  writeFileSync(target, generated)
  console.log(`wrote ${target}`)
}
