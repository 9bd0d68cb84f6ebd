import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { repoRoot } from './support/server'

/** What `pnpm release` reads and writes, copied from the repository. */
const files = [
  'packages/contract/package.json',
  'packages/client/package.json',
  'packages/cli/package.json',
  'services/api/package.json',
  'services/api/src/app.ts',
  'packages/contract/openapi.json',
  'CHANGELOG.md',
]

describe('pnpm release <major|minor|patch>', () => {
  let copy: string
  const read = (file: string) => readFileSync(join(copy, file), 'utf8')
  const version = (file: string) => (JSON.parse(read(file)) as { version: string }).version
  const release = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [join(repoRoot, 'scripts/release.mjs'), ...args, '--root', copy, '--date', '2027-01-15'],
      {
        encoding: 'utf8',
      },
    )

  beforeEach(() => {
    copy = mkdtempSync(join(tmpdir(), 'trajectoires-release-'))
    for (const file of files) {
      mkdirSync(dirname(join(copy, file)), { recursive: true })
      cpSync(join(repoRoot, file), join(copy, file))
    }
  })
  afterEach(() => rmSync(copy, { recursive: true, force: true }))

  it('bumps the contract, the API, the client and the CLI together and dates the Unreleased entries', () => {
    const current = version('packages/contract/package.json')
    const [major, minor] = current.split('.').map(Number) as [number, number, number]
    const next = `${major}.${minor + 1}.0`
    const before = read('CHANGELOG.md')
    const unreleased = /^## Unreleased\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(before)![1]!.trim()
    expect(unreleased).not.toBe('')

    const run = release('minor')
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain(`${current} → ${next}`)
    for (const file of files.filter((f) => f.endsWith('package.json'))) expect(version(file), file).toBe(next)
    expect(read('services/api/src/app.ts')).toContain(`export const apiVersion = '${next}'`)

    // The committed contract: only info.version moved.
    const contract = JSON.parse(read('packages/contract/openapi.json'))
    const original = JSON.parse(readFileSync(join(repoRoot, 'packages/contract/openapi.json'), 'utf8'))
    expect(contract.info.version).toBe(next)
    expect({ ...contract, info: { ...contract.info, version: current } }).toEqual(original)

    // CHANGELOG: an empty Unreleased, then the version with every entry it had, in order.
    const after = read('CHANGELOG.md')
    expect(after).toContain(`## Unreleased\n\n## ${next} (2027-01-15)\n\n${unreleased}\n`)
    expect(after.replace(`## Unreleased\n\n## ${next} (2027-01-15)\n\n`, '## Unreleased\n\n')).toBe(
      before.replace(/\n+$/, '\n'),
    )

    // A patch on top: the Unreleased section is empty, so there is nothing to release.
    const again = release('patch')
    expect(again.status).toBe(1)
    expect(again.stderr).toMatch(/"Unreleased" section is empty/)
  })

  it('major and patch follow semantic versioning', () => {
    const [major, minor, patch] = version('packages/contract/package.json').split('.').map(Number) as number[]
    const changelog = read('CHANGELOG.md')
    expect(release('patch').status).toBe(0)
    expect(version('packages/cli/package.json')).toBe(`${major}.${minor}.${patch! + 1}`)
    writeFileSync(join(copy, 'CHANGELOG.md'), changelog)
    expect(release('major').status).toBe(0)
    expect(version('packages/client/package.json')).toBe(`${major! + 1}.0.0`)
  })

  it('changes nothing when the versions disagree, or without a level', () => {
    const client = read('packages/client/package.json').replace(/"version": "[^"]+"/, '"version": "9.9.9"')
    writeFileSync(join(copy, 'packages/client/package.json'), client)
    const before = files.map(read)
    const run = release('patch')
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/packages\/client\/package.json has version 9\.9\.9/)
    expect(files.map(read)).toEqual(before)
    expect(release().status).toBe(2)
    expect(release('huge').status).toBe(2)
  })
})

describe('pnpm contract:breaking after a release', () => {
  let repo: string
  const git = (...args: string[]) => {
    const run = spawnSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'test',
        GIT_AUTHOR_EMAIL: 'test@example.org',
        GIT_COMMITTER_NAME: 'test',
        GIT_COMMITTER_EMAIL: 'test@example.org',
      },
    })
    expect(run.status, run.stderr).toBe(0)
  }
  const contractFile = 'packages/contract/openapi.json'
  /** The script and its rules run from a copy, so that they read the copy's git history. */
  const breaking = () =>
    spawnSync(
      join(repoRoot, 'services/api/node_modules/.bin/tsx'),
      [join(repo, 'services/api/src/contract-breaking.ts')],
      { cwd: repo, encoding: 'utf8' },
    )

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'trajectoires-breaking-'))
    for (const file of ['services/api/src/contract-breaking.ts', 'services/api/src/contract-breaking.rules.ts']) {
      mkdirSync(dirname(join(repo, file)), { recursive: true })
      cpSync(join(repoRoot, file), join(repo, file))
    }
    mkdirSync(join(repo, 'packages/contract'), { recursive: true })
    cpSync(join(repoRoot, contractFile), join(repo, contractFile))
    writeFileSync(join(repo, 'CHANGELOG.md'), '# Changelog\n\n## Unreleased\n\n- Nothing yet.\n')
    git('init', '--quiet', '--initial-branch=main')
    git('add', '.')
    git('commit', '--quiet', '-m', 'release 1.0.0')
  })
  afterEach(() => rmSync(repo, { recursive: true, force: true }))

  it('compares with the last release tag, so that a break merged into main since then is still found', () => {
    git('tag', 'v1.0.0')
    // After the release, main drops an operation (merged, committed): main and the working tree agree.
    const contract = JSON.parse(readFileSync(join(repo, contractFile), 'utf8')) as { paths: Record<string, unknown> }
    delete contract.paths['/api/v1/metrics']
    writeFileSync(join(repo, contractFile), JSON.stringify(contract))
    git('commit', '--quiet', '-am', 'drop listMetrics')

    const run = breaking()
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/against v1\.0\.0's contract/)
    expect(run.stderr).toMatch(/listMetrics \(GET \/api\/v1\/metrics\)/)

    // Named in Unreleased (everything since that release), it passes.
    writeFileSync(
      join(repo, 'CHANGELOG.md'),
      '# Changelog\n\n## Unreleased\n\n- Breaking: listMetrics — replaced by /api/v2/metrics\n\n## 1.0.0 — 2027-01-15\n',
    )
    const marked = breaking()
    expect(marked.status, marked.stderr).toBe(0)
    expect(marked.stdout).toMatch(/against v1\.0\.0's contract \(1 marked\)/)
  })

  it('compares with main while there is no release', () => {
    const contract = JSON.parse(readFileSync(join(repo, contractFile), 'utf8')) as { paths: Record<string, unknown> }
    delete contract.paths['/api/v1/metrics']
    writeFileSync(join(repo, contractFile), JSON.stringify(contract))
    const run = breaking()
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/against main's contract/)
  })
})
