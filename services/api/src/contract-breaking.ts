/**
 * `pnpm contract:breaking`: compares the generated contract of the working tree with the one of the
 * last release (the latest `vMAJOR.MINOR.PATCH` tag reachable from HEAD, made by `pnpm release`),
 * or of the main branch while there is no release yet, and fails on a breaking change that
 * CHANGELOG.md's Unreleased section does not name as intended (`Breaking: <operationId or path> —
 * reason`): Unreleased holds everything since that release. See docs/api.md, "Versioning".
 *
 * Options: `--base FILE` (instead of that contract), `--head FILE`, `--changelog FILE`.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { breakingChanges, intendedBreaks, isIntended } from './contract-breaking.rules.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const contractPath = 'packages/contract/openapi.json'

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const git = (args: string[]) =>
  execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 * 1024 * 1024,
  })

/** The latest release tag reachable from HEAD, if any. */
function lastRelease(): string | undefined {
  try {
    return git(['describe', '--tags', '--abbrev=0', '--match', 'v[0-9]*.[0-9]*.[0-9]*']).trim() || undefined
  } catch {
    return undefined
  }
}

/** The contract of the last release, else of the main branch: `main`, else `origin/main`. */
function mainContract(): { text: string; ref: string } {
  const release = lastRelease()
  for (const ref of [...(release ? [release] : []), 'main', 'origin/main']) {
    try {
      return { text: git(['show', `${ref}:${contractPath}`]), ref }
    } catch {
      // try the next one
    }
  }
  throw new Error(`cannot read ${contractPath} from the main branch (tried main and origin/main); pass --base FILE`)
}

const baseFile = option('--base')
const base = baseFile ? { text: readFileSync(baseFile, 'utf8'), ref: baseFile } : mainContract()
const head = readFileSync(option('--head') ?? `${root}${contractPath}`, 'utf8')
const changelog = readFileSync(option('--changelog') ?? `${root}CHANGELOG.md`, 'utf8')

const changes = breakingChanges(JSON.parse(base.text), JSON.parse(head))
const intended = intendedBreaks(changelog)
const unmarked = changes.filter((c) => !isIntended(c, intended))
const marked = changes.filter((c) => isIntended(c, intended))

const line = (c: (typeof changes)[number]) =>
  `  ${c.operation} (${c.method} ${c.path}) ${c.where.trim()}: ${c.rule}, ${c.message}`
if (marked.length) {
  console.log(`${marked.length} breaking change(s) marked as intended in CHANGELOG.md:`)
  for (const c of marked) console.log(line(c))
}
if (unmarked.length) {
  console.error(`${unmarked.length} breaking change(s) against ${base.ref}'s contract:`)
  for (const c of unmarked) console.error(line(c))
  console.error(
    '\nKeep the old behaviour (add, do not change), or plan the change for /api/v2. If it is intended, say so in\n' +
      "CHANGELOG.md's Unreleased section with a line `Breaking: <operationId or path> — reason` (docs/api.md, Versioning).",
  )
  process.exit(1)
}
console.log(`no unmarked breaking change against ${base.ref}'s contract (${changes.length} marked)`)
