#!/usr/bin/env node
// `pnpm screenshots`: refreshes the pictures of docs/screenshots/ that the page tour makes. Runs
// tests/pages/pages.test.ts (every page of the dashboard as its user, at 1280 and 390 px, with axe-core;
// several minutes, so not a step of CI), then, only when every page passed, replaces
// docs/screenshots/pages/ with its pictures and copies the README's first screens. The other pictures
// of docs/screenshots/ come from the browser tests named in docs/screenshots/README.md.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const artifacts = join(root, 'tests/artifacts/screenshots')
const docs = join(root, 'docs/screenshots')

const run = spawnSync('pnpm', ['--filter', '@trajectoires/tests', 'test:pages'], { cwd: root, stdio: 'inherit' })
if (run.status !== 0) {
  console.error('The page tour failed: docs/screenshots is left as it was.')
  process.exit(run.status ?? 1)
}

const pngs = (dir) => readdirSync(dir).filter((name) => name.endsWith('.png'))
rmSync(join(docs, 'pages'), { recursive: true, force: true })
mkdirSync(join(docs, 'pages'), { recursive: true })
const pages = pngs(join(artifacts, 'pages'))
for (const name of pages) copyFileSync(join(artifacts, 'pages', name), join(docs, 'pages', name))
const firstScreens = pngs(join(artifacts, 'first-screens'))
for (const name of firstScreens) copyFileSync(join(artifacts, 'first-screens', name), join(docs, name))
console.log(
  `docs/screenshots: ${pages.length} page pictures in pages/, ${firstScreens.length} first screens (${firstScreens.join(', ')})`,
)
