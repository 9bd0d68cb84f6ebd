import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import type { Browser, BrowserContext, Page, ViewportSize } from 'playwright-core'
import { launchBrowser, screenshot, watchPage } from './browser'
import { startApi, type RunningApi } from './server'

/** What each test of a browser file works with: its own context and page, and the page's problems. */
export interface PageSession {
  context: BrowserContext
  page: Page
  problems: string[]
}

export interface BrowserSuiteOptions {
  /** How long the API may take to start (migrations, seeding: minutes on a busy shared machine). */
  apiTimeoutMs: number
  /** How long the whole start-up (API and browser) may take. */
  startTimeoutMs: number
  viewport: ViewportSize
  /** `reduce`: the charts draw at once, so screenshots never catch them half-animated. */
  reducedMotion?: 'reduce'
  /** Put before the test's name to name its screenshot. */
  screenshotPrefix?: string
}

/**
 * The set-up of a browser test file: the API and the browser started before its tests (`started`,
 * when given, gets them) and closed after; each test gets a fresh browser context (French locale)
 * and page, with the page's problems watched (`opened` gets them), and a screenshot of the page is
 * saved after the test before its context is closed. A file's own `beforeAll` runs after the start.
 */
export function browserSuite(
  options: BrowserSuiteOptions,
  opened: (session: PageSession) => void,
  started?: (both: { api: RunningApi; browser: Browser }) => void,
): void {
  let api: RunningApi | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    api = await startApi({ timeoutMs: options.apiTimeoutMs })
    browser = await launchBrowser()
    started?.({ api, browser })
  }, options.startTimeoutMs)

  afterAll(async () => {
    await browser?.close()
    await api?.stop()
  })

  let session: PageSession | undefined
  beforeEach(async () => {
    const context = await browser!.newContext({
      baseURL: api!.url,
      locale: 'fr-FR',
      viewport: options.viewport,
      ...(options.reducedMotion ? { reducedMotion: options.reducedMotion } : {}),
    })
    const page = await context.newPage()
    session = { context, page, problems: watchPage(page) }
    opened(session)
  })

  afterEach(async ({ task }) => {
    const page = session?.page
    if (page && !page.isClosed()) await screenshot(page, `${options.screenshotPrefix ?? ''}${task.name}`)
    await session?.context.close()
  })
}
