/**
 * `pnpm bench:cli`: how long `trajectoires --help` takes, as a partner runs it. Packs the client
 * and the CLI (`pnpm pack`), installs the tarballs with npm in an empty folder outside the
 * repository, then runs the installed bin with plain node BENCH_RUNS times (default 21), next to
 * a bare `node -e 0` as the floor. Prints the medians; the aim is under 300 ms.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const runs = Number(process.env.BENCH_RUNS ?? 21)

/** Wall time of one run of `node …args`, in ms; throws when it fails. */
function timed(args: string[]): number {
  const started = performance.now()
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  const ms = performance.now() - started
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr.toString()}`)
  return ms
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const work = mkdtempSync(join(tmpdir(), 'trajectoires-bench-cli-'))
try {
  const tarballs = join(work, 'tarballs')
  execFileSync(
    'pnpm',
    [
      '--filter',
      '@trajectoires/client',
      '--filter',
      '@trajectoires/cli',
      'exec',
      'pnpm',
      'pack',
      '--pack-destination',
      tarballs,
    ],
    { cwd: repoRoot, stdio: 'ignore' },
  )
  const partner = join(work, 'partner')
  mkdirSync(partner)
  writeFileSync(join(partner, 'package.json'), '{ "name": "partner", "private": true, "type": "module" }\n')
  const files = readdirSync(tarballs).map((name) => join(tarballs, name))
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], {
    cwd: partner,
    stdio: 'ignore',
  })
  const bin = join(partner, 'node_modules/@trajectoires/cli/bin/trajectoires.js')

  timed([bin, '--help']) // the first run fills the file system cache
  const floor: number[] = []
  const help: number[] = []
  for (let i = 0; i < runs; i++) {
    floor.push(timed(['-e', '0']))
    help.push(timed([bin, '--help']))
  }
  const row = (label: string, values: number[]) =>
    `| ${label.padEnd(38)} | ${median(values).toFixed(0).padStart(9)} | ${Math.min(...values)
      .toFixed(0)
      .padStart(6)} | ${Math.max(...values)
      .toFixed(0)
      .padStart(6)} |`
  console.log(`node ${process.version}, ${runs} runs each, wall time in ms\n`)
  console.log(`| command                                | median ms | min ms | max ms |`)
  console.log(`| -------------------------------------- | --------: | -----: | -----: |`)
  console.log(row('`node -e 0` (the floor)', floor))
  console.log(row('`trajectoires --help` (installed)', help))
  console.log(`\naim: under 300 ms — ${median(help) < 300 ? 'met' : 'NOT met'}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
