#!/usr/bin/env node
// CI, without a Docker engine: every variable .env.example documents reaches docker compose, and
// every API setting among them reaches the api service's environment; every setting the API reads
// (services/api/src/config.ts) is documented in .env.example; the Caddyfile validates where Caddy is
// installed. Exits 1, naming what is missing.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = new URL('../', import.meta.url)
const read = (path) => readFileSync(new URL(path, root), 'utf8')

/** `NAME=…` lines of .env.example, commented (`# NAME=…`: outside Docker only) or not. */
const example = read('.env.example')
const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1])
const outsideDockerOnly = [...example.matchAll(/^# ([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1])

const problems = []

/** The lines of one service of the compose file (two-space indentation under `services:`). */
function service(compose, name) {
  const lines = compose.split('\n')
  const start = lines.indexOf(`  ${name}:`)
  if (start === -1) {
    const problem = `docker-compose.yml has no ${name} service`
    if (!problems.includes(problem)) problems.push(problem)
    return []
  }
  const end = lines.findIndex((line, i) => i > start && /^ {0,2}\S/.test(line))
  return lines.slice(start + 1, end === -1 ? undefined : end)
}

/** `KEY: value` entries of a service's `environment:` map. */
function environment(lines) {
  const start = lines.indexOf('    environment:')
  const entries = new Map()
  if (start === -1) return entries
  for (const line of lines.slice(start + 1)) {
    if (/^ {0,4}\S/.test(line)) break
    const match = /^ {6}([A-Z][A-Z0-9_]*):\s*(.*)$/.exec(line)
    if (match) entries.set(match[1], match[2])
  }
  return entries
}

const compose = read('docker-compose.yml')
const api = service(compose, 'api')
const apiEnv = environment(api)
const apiText = api.join('\n')

// Settings for compose itself, not the API: where they must appear instead.
const composeOnly = {
  PORT: 'api', // the published port (the container listens on 3000)
  PUBLISH_ADDRESS: 'api',
  POSTGRES_USER: 'api', // in DATABASE_URL
  POSTGRES_PASSWORD: 'api',
  POSTGRES_DB: 'api',
  BACKUP_DIR: 'backup',
  BACKUP_INTERVAL_HOURS: 'backup',
  BACKUP_KEEP_DAYS: 'backup',
  DOMAIN: 'caddy',
}
for (const name of documented) {
  const where = composeOnly[name]
  const text = where ? service(compose, where).join('\n') : apiText
  if (!new RegExp(`\\$\\{${name}[:}]`).test(text)) {
    problems.push(`${name} (.env.example) is not used by the ${where ?? 'api'} service of docker-compose.yml`)
  } else if (!where && !new RegExp(`\\$\\{${name}[:}]`).test(apiEnv.get(name) ?? '')) {
    problems.push(`${name} (.env.example) is not passed as ${name} in the api service's environment`)
  }
}
if (!/\$\{POSTGRES_PASSWORD:\?/.test(service(compose, 'postgres').join('\n'))) {
  problems.push(
    'POSTGRES_PASSWORD has a default in the postgres service: it must be required (${POSTGRES_PASSWORD:?…})',
  )
}

// Every setting the API reads is documented.
const config = read('services/api/src/config.ts') + read('services/api/src/modules/users/users.admin.ts')
const read_ = new Set([
  ...[...config.matchAll(/\b(?:int|bool)\('([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]),
  ...[...config.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]),
  ...[...config.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]),
])
read_.delete('NODE_ENV') // set by the image
for (const name of read_) {
  if (!documented.includes(name) && !outsideDockerOnly.includes(name)) {
    problems.push(`${name} is read by the API but not documented in .env.example`)
  }
}

// The Caddyfile, by Caddy itself where it is installed (Debian: apt-get install caddy).
const caddy = spawnSync('caddy', ['adapt', '--config', 'Caddyfile', '--validate'], {
  cwd: fileURLToPath(root),
  env: { ...process.env, DOMAIN: 'trajectoires.example.org' },
  encoding: 'utf8',
})
if (caddy.error) console.log('no caddy on this machine: Caddyfile not validated')
else if (caddy.status !== 0) problems.push(`the Caddyfile does not validate:\n${caddy.stderr.slice(-2000)}`)
else console.log('Caddyfile: valid (caddy adapt --validate)')

if (problems.length > 0) {
  console.error(`docker-compose.yml and .env.example disagree:\n  - ${problems.join('\n  - ')}`)
  process.exit(1)
}
console.log(
  `compose environment: the ${documented.length} variables of .env.example reach compose, the ${apiEnv.size} API settings reach the api service`,
)
