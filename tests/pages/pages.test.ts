/**
 * Every page of the dashboard (each route of `apps/web/src/router.ts` and its features' `routes.ts`),
 * opened as the person who uses it, on a desktop (1280 px) and on a phone (390 px): it loads without
 * an error in the page, axe-core finds no WCAG 2.1 AA violation, it is no wider than the screen. Its
 * full-page picture goes to `tests/artifacts/screenshots/pages/<page>.png` (`<page>-phone.png` at
 * 390 px), which `pnpm screenshots` copies to `docs/screenshots/pages/` (docs/screenshots/README.md).
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Campus } from '@trajectoires/contract'
import { expectNoAxeViolations } from '../e2e/support/axe'
import { launchBrowser, revealLazy, screenshotDir, watchPage } from '../e2e/support/browser'
import { demoAdmin, loginHeaders, startApi, type RunningApi } from '../e2e/support/server'

const pagesDir = join(screenshotDir, 'pages')
/** The first screen of a few public pages at 1280 × 900: the README's pictures (docs/screenshots/<name>.png). */
const firstScreensDir = join(screenshotDir, 'first-screens')

/** A campus staff member of Romans-sur-Isère, made by the test (a demo credential, never a real one). */
const campusStaff = { email: 'sacha.romans@demo.trajectoires.local', password: 'romans pages e2e password' }

type Who = 'public' | 'admin' | 'campus staff'

interface PageCase {
  /** The picture's name: `<name>.png`, `<name>-phone.png`. */
  name: string
  /** Worked out once the API is up (ids of the demo data). */
  path: () => string
  who: Who
  /** What shows that the page has its content (beyond the title). */
  ready?: string
  /** Where the browser ends up, when the page sends elsewhere (the forbidden page). */
  landsOn?: string
  /** Also save the desktop page's first screen under this name (a picture of the README). */
  firstScreen?: string
}

const ids: { lyon?: string; chalons?: string; cohort?: string } = {}

const pages: PageCase[] = [
  {
    name: 'public-overview',
    path: () => '/?annee=2019',
    who: 'public',
    ready: '[data-testid="headline"]',
    firstScreen: 'public-overview.png',
  },
  { name: 'public-map', path: () => '/map', who: 'public', ready: '.france-map', firstScreen: 'public-map.png' },
  { name: 'public-campuses', path: () => '/campuses', who: 'public', ready: '[data-testid="campuses-table"]' },
  {
    name: 'public-campus',
    path: () => `/campuses/${ids.lyon}?annee=2021`,
    who: 'public',
    ready: '[data-testid="campus-results"]',
  },
  {
    name: 'public-campus-opening',
    path: () => `/campuses/${ids.chalons}`,
    who: 'public',
    ready: '[data-testid="campus-facts"]',
  },
  {
    name: 'public-metrics',
    path: () => '/metrics',
    who: 'public',
    ready: '[data-testid="metric"]',
    firstScreen: 'public-metrics.png',
  },
  { name: 'public-login', path: () => '/login', who: 'public', ready: 'form' },
  // Without the code of its link: the learner is asked to type it.
  { name: 'public-self-report-code', path: () => '/suivi', who: 'public', ready: '#self-report-code' },
  { name: 'public-not-found', path: () => '/nulle-part', who: 'public' },
  { name: 'staff-home', path: () => '/staff', who: 'admin', ready: '[data-testid="staff-campuses"]' },
  {
    name: 'staff-home-campus-staff',
    path: () => '/staff',
    who: 'campus staff',
    ready: '[data-testid="staff-campuses"]',
  },
  {
    name: 'staff-campus',
    path: () => `/staff/campuses/${ids.lyon}`,
    who: 'admin',
    ready: '[data-testid="cohorts-table"]',
  },
  // A campus staff member on another campus's page: told so, in words.
  {
    name: 'staff-campus-not-reached',
    path: () => `/staff/campuses/${ids.lyon}`,
    who: 'campus staff',
    ready: '[data-testid="staff-problem"]',
  },
  // A campus staff member on an administrator's page.
  { name: 'staff-forbidden', path: () => '/admin/users', who: 'campus staff', landsOn: '/staff/forbidden' },
  {
    name: 'staff-cohort',
    path: () => `/staff/cohorts/${ids.cohort}`,
    who: 'admin',
    ready: '[data-testid="outcome-grid"]',
  },
  { name: 'staff-import', path: () => '/staff/import', who: 'admin', ready: '[data-testid="import-form"]' },
  { name: 'staff-partners', path: () => '/staff/partners', who: 'admin', ready: '[data-testid="partners-table"]' },
  { name: 'account-password', path: () => '/account/password', who: 'admin', ready: 'form' },
  { name: 'admin-users', path: () => '/admin/users', who: 'admin', ready: '[data-testid="users-table"]' },
  { name: 'admin-api-keys', path: () => '/admin/api-keys', who: 'admin', ready: '[data-testid="keys-table"]' },
  { name: 'admin-audit', path: () => '/admin/audit', who: 'admin', ready: '[data-testid="audit-table"]' },
]

const devices = [
  { suffix: '', viewport: { width: 1280, height: 900 } },
  { suffix: '-phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
] as const

let api: RunningApi
let browser: Browser
/** The logged-in sessions, made once (logging in per page would meet the login rate limit). */
const sessions = new Map<Who, Awaited<ReturnType<BrowserContext['storageState']>>>()

beforeAll(async () => {
  api = await startApi({ timeoutMs: 400_000 })
  // The browser's own controls (file picker, date fields) in French too, as French readers see them,
  // where Chromium has its French resources (Debian: chromium-l10n); without them they stay in English.
  browser = await launchBrowser(['--lang=fr-FR'])
  const headers = await loginHeaders(api.url)
  const campuses = (await (await fetch(`${api.url}/api/v1/campuses?limit=100`)).json()) as { items: Campus[] }
  const byCommune = (commune: string) => campuses.items.find((campus) => campus.commune === commune)!
  ids.lyon = byCommune('Lyon').id
  ids.chalons = byCommune('Châlons-en-Champagne').id
  const cohorts = (await (
    await fetch(`${api.url}/api/v1/cohorts?campusId=${ids.lyon}&limit=100`, { headers })
  ).json()) as {
    items: Array<{ id: string; endDate: string }>
  }
  // A whole cohort of the past, its outcomes entered: the grid as staff mostly see it.
  ids.cohort = cohorts.items.filter((cohort) => cohort.endDate < '2022-01-01').at(-1)!.id
  const created = await fetch(`${api.url}/api/v1/users`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      ...campusStaff,
      displayName: 'Sacha Romans',
      role: 'campus_staff',
      campusIds: [byCommune('Romans-sur-Isère').id],
    }),
  })
  expect(created.status, await created.clone().text()).toBe(201)
  // A partner's key, so that the keys page lists one.
  const key = await fetch(`${api.url}/api/v1/api-keys`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Mission locale de Lyon : situations',
      scopes: ['outcomes:write'],
      campusIds: [ids.lyon],
    }),
  })
  expect(key.status, await key.clone().text()).toBe(201)
  for (const [who, account] of [
    ['admin', demoAdmin],
    ['campus staff', campusStaff],
  ] as const) {
    // The context's requests share its cookies: its storage state is the session.
    const context = await browser.newContext({ baseURL: api.url })
    const response = await context.request.post('/api/v1/auth/login', { data: account })
    expect(response.status(), await response.text()).toBe(200)
    sessions.set(who, await context.storageState())
    await context.close()
  }
  // Only this run's pictures: a page renamed or removed leaves none behind.
  for (const dir of [pagesDir, firstScreensDir]) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
  }
}, 500_000)

afterAll(async () => {
  await browser?.close()
  await api?.stop()
})

async function contextFor(who: Who, device: (typeof devices)[number]): Promise<BrowserContext> {
  const { suffix: _suffix, ...options } = device
  return browser.newContext({
    baseURL: api.url,
    locale: 'fr-FR',
    reducedMotion: 'reduce',
    ...(who === 'public' ? {} : { storageState: sessions.get(who) }),
    ...options,
  })
}

async function open(page: Page, item: PageCase): Promise<void> {
  await page.goto(item.path())
  if (item.landsOn) await page.waitForURL((url) => url.pathname === item.landsOn)
  await page.locator('h1').first().waitFor()
  if (item.ready) await page.locator(item.ready).first().waitFor()
  await page.waitForLoadState('networkidle')
  // The charts and the map are drawn when scrolled near; the picture shows them all.
  await revealLazy(page)
}

describe.each(devices)('every page at $viewport.width px', (device) => {
  it.each(pages)('$name ($who)', { timeout: 180_000 }, async (item) => {
    const context = await contextFor(item.who, device)
    const page = await context.newPage()
    const problems = watchPage(page)
    // Which step a failure or a time-out happened in.
    let step = 'open'
    try {
      await open(page, item)
      step = 'axe'
      await expectNoAxeViolations(page)
      step = 'width'
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), 'page width').toBeLessThanOrEqual(
        device.viewport.width,
      )
      step = 'screenshot'
      // At one pixel per CSS pixel: the pictures are for reading, not for zooming.
      await page.screenshot({
        path: join(pagesDir, `${item.name}${device.suffix}.png`),
        fullPage: true,
        scale: 'css',
        animations: 'disabled',
      })
      if (item.firstScreen && device.suffix === '') {
        await page.screenshot({ path: join(firstScreensDir, item.firstScreen), animations: 'disabled' })
      }
      step = 'problems'
      expect(problems).toEqual([])
    } catch (error) {
      if (error instanceof Error) error.message = `${item.name}${device.suffix}, at the ${step} step: ${error.message}`
      throw error
    } finally {
      console.log(`${item.name}${device.suffix}: ended at the ${step} step`)
      await context.close()
    }
  })
})
