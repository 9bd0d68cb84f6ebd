import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { repoRoot } from './server'

/** Flags that let Debian's Chromium run headless as root, quietly, in CI. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** `extraArgs`: more Chromium flags, such as `--lang=fr-FR` for the browser's own controls in French. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumFlags, ...extraArgs] })
}

export const screenshotDir = join(repoRoot, 'tests/artifacts/screenshots')

const slug = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

/**
 * Scrolls down the page a screen at a time, as a reader would, then back to the top: the charts
 * and the overview's map are drawn only when scrolled near (`useNear` in the dashboard), and a
 * full-page screenshot or a check of every chart needs them all. Waits until they are drawn.
 */
export async function revealLazy(page: Page, timeout = 30_000): Promise<void> {
  const scrollY = await page.evaluate(() => window.scrollY)
  for (let y = 0; ;) {
    const { height, screen } = await page.evaluate(() => ({
      height: document.scrollingElement!.scrollHeight,
      screen: window.innerHeight,
    }))
    if (y >= height) break
    await page.evaluate((top) => window.scrollTo(0, top), y)
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
    y += screen
  }
  // Every chart box holds its canvas, and the map has replaced its reserved space.
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.chart__canvas')].every((box) => box.querySelector('canvas')) &&
      !document.querySelector('.france-map__reserve'),
    undefined,
    { timeout },
  )
  await page.evaluate((top) => window.scrollTo(0, top), scrollY)
}

/** Saves a full-page screenshot to `tests/artifacts/screenshots/<name>.png` (charts drawn) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true })
  const path = join(screenshotDir, `${slug(name)}.png`)
  // Best effort: a page in an error state or closing still gets its picture.
  await revealLazy(page, 10_000).catch(() => undefined)
  await page.screenshot({ path, fullPage: true })
  return path
}

/**
 * Collects what goes wrong inside the page: uncaught exceptions, console errors and failed
 * requests. Tests expect it to stay empty unless they provoke a failure on purpose.
 */
export function watchPage(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
  })
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`),
  )
  return problems
}
