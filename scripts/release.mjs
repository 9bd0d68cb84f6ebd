#!/usr/bin/env node
// `pnpm release <major|minor|patch>`: the next semantic version of the API, the client and the
// CLI, which share one version (the contract's). Writes it into packages/{contract,client,cli} and
// services/api's package.json, the API's `apiVersion` (the contract's info.version) and the
// committed packages/contract/openapi.json, and moves CHANGELOG.md's "Unreleased" entries under
// a heading for the version. Commits and tags nothing: it prints the commands for that.
// `--root DIR` works on another checkout (the tests use a copy).
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { root: { type: 'string' }, date: { type: 'string' } },
})
const level = positionals[0]
if (positionals.length !== 1 || !['major', 'minor', 'patch'].includes(level)) {
  console.error('Usage: pnpm release <major|minor|patch>')
  process.exit(2)
}
const root = resolve(values.root ?? fileURLToPath(new URL('..', import.meta.url)))
const date = values.date ?? new Date().toISOString().slice(0, 10)
const path = (file) => join(root, file)
const read = (file) => readFileSync(path(file), 'utf8')
const fail = (message) => {
  console.error(`release: ${message}`)
  process.exit(1)
}

const manifests = [
  'packages/contract/package.json',
  'packages/client/package.json',
  'packages/cli/package.json',
  'services/api/package.json',
]
const current = JSON.parse(read(manifests[0])).version
const semver = /^(\d+)\.(\d+)\.(\d+)$/.exec(current)
if (!semver) fail(`${manifests[0]} has version ${current}, not MAJOR.MINOR.PATCH`)
const [major, minor, patch] = semver.slice(1).map(Number)
const next = { major: `${major + 1}.0.0`, minor: `${major}.${minor + 1}.0`, patch: `${major}.${minor}.${patch + 1}` }[
  level
]

// Every place must say the current version before any is changed: nothing is half-released.
const edits = []
for (const file of manifests) {
  const text = read(file)
  const version = JSON.parse(text).version
  if (version !== current) fail(`${file} has version ${version}, ${manifests[0]} ${current}: align them first`)
  edits.push([file, text.replace(/("version":\s*")[^"]+(")/, `$1${next}$2`)])
}
const appFile = 'services/api/src/app.ts'
const app = read(appFile)
const apiVersion = /export const apiVersion = '([^']+)'/.exec(app)
if (apiVersion?.[1] !== current) fail(`${appFile}'s apiVersion is ${apiVersion?.[1]}, not ${current}`)
edits.push([appFile, app.replace(apiVersion[0], `export const apiVersion = '${next}'`)])

const openapiFile = 'packages/contract/openapi.json'
const openapi = read(openapiFile)
if (JSON.parse(openapi).info.version !== current) fail(`${openapiFile}'s info.version is not ${current}`)
// Only the info object's version line changes: the first `"version": "<current>"` after `"info"`.
const info = openapi.indexOf('"info": {')
const versionLine = openapi.indexOf(`"version": "${current}"`, info)
if (info === -1 || versionLine === -1) fail(`cannot find info.version in ${openapiFile}`)
edits.push([
  openapiFile,
  `${openapi.slice(0, versionLine)}"version": "${next}"${openapi.slice(versionLine + `"version": "${current}"`.length)}`,
])

const changelogFile = 'CHANGELOG.md'
const changelog = read(changelogFile)
const unreleased = /^## Unreleased\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(changelog)
if (!unreleased) fail(`${changelogFile} has no "## Unreleased" section`)
const entries = unreleased[1].trim()
if (!entries) fail(`${changelogFile}'s "Unreleased" section is empty: nothing to release`)
const released = changelog.replace(unreleased[0], `## Unreleased\n\n## ${next} (${date})\n\n${entries}\n\n`)
edits.push([changelogFile, released.replace(/\n+$/, '\n')])

for (const [file, text] of edits) writeFileSync(path(file), text)
console.log(`released ${current} → ${next}: ${edits.map(([file]) => file).join(', ')}`)
console.log(`next: git commit -am "Release ${next}" && git tag v${next}`)
