#!/usr/bin/env node
// Installed, the CLI is the built dist/main.js, run by plain node. In the repository, where src/
// sits beside it, the TypeScript sources run through tsx (a devDependency) when there is no build
// or it is older than the sources, so that `pnpm cli` never runs stale code without a build step.
import { existsSync, readdirSync, statSync } from 'node:fs'

const dist = new URL('../dist/main.js', import.meta.url)
const src = new URL('../src/', import.meta.url)

/** The newest modification time under a folder. */
function newest(dir) {
  let time = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) time = Math.max(time, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs)
  }
  return time
}

if (existsSync(src) && (!existsSync(dist) || statSync(dist).mtimeMs < newest(src))) {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/main.ts')
} else {
  await import('../dist/main.js')
}
