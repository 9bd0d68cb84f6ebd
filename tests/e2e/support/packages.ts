import { spawnSync } from 'node:child_process'
import { repoRoot } from './server'

/**
 * Builds the CLI (tsup, well under a second) so that `packages/cli/bin/trajectoires.js` runs the
 * built JavaScript a partner installs, not the TypeScript sources through tsx.
 */
export function buildCli(): void {
  const result = spawnSync('pnpm', ['--filter', '@trajectoires/cli', 'build'], { cwd: repoRoot, encoding: 'utf8' })
  if (result.status !== 0) {
    throw new Error(`Building the CLI failed (exit ${result.status}):\n${result.stdout}${result.stderr}`)
  }
}
