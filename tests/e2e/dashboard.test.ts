import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { launchBrowser, screenshot, watchPage } from './support/browser'
import { startApi, type RunningApi } from './support/server'

const seededCommunes = ['Bordeaux', 'Chelles', 'Châlons-en-Champagne', 'Lyon', 'Marseille', 'Romans-sur-Isère']
const lede = 'Trajectoires — le suivi des parcours et de l’insertion des apprenant·es des Plombiers du numérique'

let api: RunningApi
let browser: Browser
let context: BrowserContext
let page: Page
let problems: string[]

beforeAll(async () => {
  api = await startApi()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await api?.stop()
})

beforeEach(async () => {
  context = await browser.newContext({ baseURL: api.url, locale: 'fr-FR', viewport: { width: 1280, height: 800 } })
  page = await context.newPage()
  problems = watchPage(page)
})

afterEach(async ({ task }) => {
  if (page && !page.isClosed()) await screenshot(page, task.name)
  await context?.close()
})

const campusesApi = (url: URL) => url.pathname === '/api/v1/campuses'

const texts = async (locator: Locator) => (await locator.allTextContents()).map((text) => text.trim())

const communesInTable = (p: Page) => texts(p.locator('[data-testid="campuses-table"] tbody tr td:nth-child(2)'))

describe('dashboard shell', () => {
  it('home page in French', async () => {
    const response = await page.goto('/')
    expect(response?.status()).toBe(200)

    expect(await page.locator('html').getAttribute('lang')).toBe('fr')
    await expect.poll(() => page.title()).toBe('Accueil · Trajectoires')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Trajectoires')
    expect(await page.locator('.lede').textContent()).toBe(lede)

    // Landmarks, a labelled navigation, and a skip link reached first by keyboard
    expect(await page.getByRole('banner').count()).toBe(1)
    expect(await page.getByRole('main').count()).toBe(1)
    expect(await page.getByRole('contentinfo').count()).toBe(1)
    const nav = page.getByRole('navigation', { name: 'Navigation principale' })
    expect(await texts(nav.getByRole('link'))).toEqual(['Accueil', 'Écoles', 'Documentation de l’API'])
    expect(await nav.getByRole('link', { name: 'Accueil' }).getAttribute('aria-current')).toBe('page')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Aller au contenu')

    const main = page.getByRole('main')
    expect(await main.getByRole('link', { name: 'Voir les écoles du réseau' }).getAttribute('href')).toBe('/campuses')
    expect(await main.getByRole('link', { name: 'Lire la documentation de l’API' }).getAttribute('href')).toBe(
      '/api/docs',
    )
    expect(await page.getByRole('button', { name: 'Français' }).getAttribute('aria-pressed')).toBe('true')
    expect(problems).toEqual([])
  })

  it('campuses page lists the six seeded campuses', async () => {
    await page.goto('/')
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Écoles' }).click()
    await page.waitForURL('**/campuses')
    await page.locator('[data-testid="campuses-table"]').waitFor()

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Les écoles du réseau')
    await expect.poll(() => page.title()).toBe('Écoles · Trajectoires')
    expect((await communesInTable(page)).sort()).toEqual(seededCommunes)
    expect(await page.locator('.count').textContent()).toBe('6 écoles')

    const headers = await texts(page.locator('[data-testid="campuses-table"] thead th'))
    expect(headers).toEqual(['Nom', 'Commune', 'Région', 'Statut', 'Capacité annuelle'])
    const lyon = page.getByRole('row', { name: /Plombiers du numérique Lyon/ })
    expect(await texts(lyon.locator('td'))).toEqual(['Lyon', 'Auvergne-Rhône-Alpes', 'Ouverte', '45'])
    const chelles = page.getByRole('row', { name: /Plombiers du numérique Chelles/ })
    expect((await chelles.locator('td').nth(1).textContent())?.trim()).toBe('Île-de-France')
    expect(await chelles.locator('td').nth(3).textContent()).toContain('non renseignée')

    // Focus moves to the new content after an in-app navigation
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
    expect(problems).toEqual([])
  })

  it('switching to English is remembered after reload', async () => {
    await page.goto('/campuses')
    await page.locator('[data-testid="campuses-table"]').waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('fr')

    await page.getByRole('button', { name: 'English' }).click()
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('The campuses of the network')
    expect(await texts(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link'))).toEqual([
      'Home',
      'Campuses',
      'API documentation',
    ])
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true')
    expect(await page.evaluate(() => localStorage.getItem('trajectoires.locale'))).toBe('en')

    await page.reload()
    await page.locator('[data-testid="campuses-table"]').waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await expect.poll(() => page.title()).toBe('Campuses · Trajectoires')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('The campuses of the network')
    expect(await page.locator('.count').textContent()).toBe('6 campuses')
    expect(await texts(page.locator('[data-testid="campuses-table"] thead th'))).toEqual([
      'Name',
      'Commune',
      'Region',
      'Status',
      'Yearly capacity',
    ])
    expect((await communesInTable(page)).sort()).toEqual(seededCommunes)
    expect(problems).toEqual([])
  })

  it('campuses page shows loading, then the list', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route(campusesApi, async (route) => {
      await held
      await route.continue()
    })
    await page.goto('/campuses')
    const loading = page.getByRole('status').filter({ hasText: 'Chargement des écoles…' })
    await loading.waitFor()
    expect(await page.locator('section[aria-busy="true"]').count()).toBe(1)
    await screenshot(page, 'campuses loading state')

    release()
    await page.locator('[data-testid="campuses-table"]').waitFor()
    expect(await loading.count()).toBe(0)
    expect(await page.locator('section[aria-busy="true"]').count()).toBe(0)
    expect((await communesInTable(page)).length).toBe(6)
  })

  it('campuses page says when there is no campus', async () => {
    await page.route(campusesApi, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ items: [], nextCursor: null }),
      }),
    )
    await page.goto('/campuses')
    await page.getByRole('status').filter({ hasText: 'Aucune école n’est encore enregistrée.' }).waitFor()
    expect(await page.locator('[data-testid="campuses-table"]').count()).toBe(0)
    expect(problems).toEqual([])
  })

  it('campuses page explains an API failure in plain words and recovers', async () => {
    let calls = 0
    await page.route(campusesApi, (route) => {
      calls++
      return route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        headers: { 'retry-after': '0', 'x-request-id': 'req-e2e-503' },
        body: JSON.stringify({
          type: 'urn:trajectoires:problem:service_unavailable',
          title: 'Service Unavailable',
          status: 503,
          detail: 'The database cannot be reached. Try again shortly.',
          code: 'service_unavailable',
          requestId: 'req-e2e-503',
        }),
      })
    })
    await page.goto('/campuses')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toContain('Les écoles n’ont pas pu être chargées.')
    expect(await alert.textContent()).toContain('Le service est momentanément indisponible.')
    expect(await alert.textContent()).toContain('The database cannot be reached. Try again shortly.')
    expect(await alert.locator('code').textContent()).toBe('req-e2e-503')
    // The client retried the GET twice (Retry-After: 0) before giving up
    expect(calls).toBe(3)
    await screenshot(page, 'campuses error state')

    await page.unroute(campusesApi)
    await alert.getByRole('button', { name: 'Réessayer' }).click()
    await page.locator('[data-testid="campuses-table"]').waitFor()
    expect(await page.getByRole('alert').count()).toBe(0)
    expect((await communesInTable(page)).sort()).toEqual(seededCommunes)
  })

  it('unknown dashboard paths get the not-found page, API paths a problem', async () => {
    const response = await page.goto('/nowhere/at-all')
    expect(response?.status()).toBe(200)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cette page n’existe pas')

    const apiMiss = await page.request.get('/api/v1/nowhere')
    expect(apiMiss.status()).toBe(404)
    expect(apiMiss.headers()['content-type']).toContain('application/problem+json')
    expect((await apiMiss.json()).code).toBe('route_not_found')
  })
})
