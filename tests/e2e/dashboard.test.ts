import { describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import type {
  Campus,
  Consortium,
  MetricDefinition,
  OutcomeMixResult,
  PlacementResult,
  StatsOverview,
} from '@trajectoires/contract'
import { expectNoAxeViolations } from './support/axe'
import { revealLazy, screenshot } from './support/browser'
import { browserSuite } from './support/pages'

const seededCommunes = ['Bordeaux', 'Chelles', 'Châlons-en-Champagne', 'Lyon', 'Marseille', 'Romans-sur-Isère']
const lede = 'Trajectoires — le suivi des parcours et de l’insertion des apprenant·es des Plombiers du numérique'

let page: Page
let problems: string[]

// Generous: on a busy shared machine, the API's first start (migrations, seeding) can take minutes.
browserSuite(
  { apiTimeoutMs: 240_000, startTimeoutMs: 300_000, viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' },
  (session) => ({ page, problems } = session),
)

const campusesApi = (url: URL) => url.pathname === '/api/v1/campuses'

/** A problem+json answer as the API gives one, for `route.fulfill`. */
const problemAnswer = (
  problem: { status: number; code: string; title: string; detail: string; requestId: string },
  headers?: Record<string, string>,
) => ({
  status: problem.status,
  contentType: 'application/problem+json',
  ...(headers ? { headers } : {}),
  body: JSON.stringify({
    type: `urn:trajectoires:problem:${problem.code}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    requestId: problem.requestId,
  }),
})

/** Opens `path` and waits for the page's alert, which it returns. */
async function alertAt(path: string): Promise<Locator> {
  await page.goto(path)
  const alert = page.getByRole('alert')
  await alert.waitFor()
  return alert
}

const texts = async (locator: Locator) => (await locator.allTextContents()).map((text) => text.trim())

const communesInTable = (p: Page) => texts(p.locator('[data-testid="campuses-table"] tbody tr td:nth-child(2)'))

/** Spaces of any kind as one plain space: French formats use narrow no-break spaces. */
const plain = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim()

const percentFormat = (locale: string) =>
  new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })
const frPercent = (ratio: number) => plain(percentFormat('fr-FR').format(ratio))
const enPercent = (ratio: number) => plain(percentFormat('en-GB').format(ratio))
const frNumber = (value: number) => plain(new Intl.NumberFormat('fr-FR').format(value))

/** Reads a JSON answer of the API the page talks to. */
async function apiJson<T>(p: Page, path: string): Promise<T> {
  const response = await p.request.get(path)
  expect(response.status(), path).toBe(200)
  return (await response.json()) as T
}

async function allCampuses(p: Page): Promise<Campus[]> {
  return (await apiJson<{ items: Campus[] }>(p, '/api/v1/campuses?limit=100&sort=name')).items
}

describe('dashboard shell', () => {
  it('home page in French', async () => {
    const response = await page.goto('/')
    expect(response?.status()).toBe(200)

    expect(await page.locator('html').getAttribute('lang')).toBe('fr')
    // The production build, as readers get it: Vue's development bundle ties each element to its component.
    expect(await page.evaluate(() => '__vueParentComponent' in document.querySelector('main')!)).toBe(false)
    await expect.poll(() => page.title()).toBe('Accueil · Trajectoires')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Le réseau des Plombiers du numérique')
    expect(await page.locator('.lede').first().textContent()).toBe(lede)

    // Landmarks, a labelled navigation, and a skip link reached first by keyboard
    expect(await page.getByRole('banner').count()).toBe(1)
    expect(await page.getByRole('main').count()).toBe(1)
    expect(await page.getByRole('contentinfo').count()).toBe(1)
    const nav = page.getByRole('navigation', { name: 'Navigation principale' })
    expect(await texts(nav.getByRole('link'))).toEqual([
      'Accueil',
      'Carte',
      'Écoles',
      'Indicateurs',
      'Documentation de l’API',
    ])
    expect(await nav.getByRole('link', { name: 'Accueil' }).getAttribute('aria-current')).toBe('page')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Aller au contenu')

    const main = page.getByRole('main')
    expect(await main.getByRole('link', { name: 'Toutes les écoles du réseau' }).getAttribute('href')).toBe('/campuses')
    expect(await main.getByRole('link', { name: 'La documentation de l’API' }).getAttribute('href')).toBe('/api/docs')
    expect(await page.getByRole('button', { name: 'Français' }).getAttribute('aria-pressed')).toBe('true')
    await page.locator('[data-testid="headline"]').waitFor()
    await expectNoAxeViolations(page)
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
    await expectNoAxeViolations(page)
    expect(problems).toEqual([])
  })

  it('switching to English is remembered after reload', async () => {
    // The scripts the page runs: a French reader's page does not download the English messages.
    const scripts: Promise<string>[] = []
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.text().catch(() => ''))
    })
    const english = 'Learner paths and job outcomes' // app.tagline, in English only
    const loadedEnglish = async () => (await Promise.all(scripts)).some((text) => text.includes(english))

    await page.goto('/campuses')
    await page.locator('[data-testid="campuses-table"]').waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('fr')
    await page.waitForLoadState('networkidle')
    expect(await loadedEnglish()).toBe(false)

    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
    expect(await loadedEnglish()).toBe(true)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('The campuses of the network')
    expect(await texts(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link'))).toEqual([
      'Home',
      'Map',
      'Campuses',
      'Indicators',
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
      return route.fulfill(
        problemAnswer(
          {
            status: 503,
            code: 'service_unavailable',
            title: 'Service Unavailable',
            detail: 'The database cannot be reached. Try again shortly.',
            requestId: 'req-e2e-503',
          },
          { 'retry-after': '0', 'x-request-id': 'req-e2e-503' },
        ),
      )
    })
    const alert = await alertAt('/campuses')
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

describe('public pages', () => {
  it('network overview shows the seeded network with the headline rate and its interval', async () => {
    await page.goto('/')
    const headline = page.locator('[data-testid="headline"]')
    await headline.waitFor()
    const overview = await apiJson<StatsOverview>(page, '/api/v1/stats/overview')
    const { network } = overview

    // Six open campuses and their capacity, as the API counts them
    expect(network.campuses).toEqual({ planned: 0, open: 6, closed: 0 })
    expect(overview.campuses).toHaveLength(6)
    const figures = page.locator('[data-testid="network-figures"] .stat')
    expect(plain(await figures.nth(0).locator('.stat__value').textContent())).toBe('6')
    expect(plain(await figures.nth(1).locator('.stat__value').textContent())).toBe(frNumber(network.yearlyCapacity))
    expect(plain(await figures.nth(2).locator('.stat__value').textContent())).toBe(frNumber(network.intake.entrants!))
    const completions = network.years.reduce((sum, year) => sum + year.completions!, 0)
    expect(plain(await figures.nth(3).locator('.stat__value').textContent())).toBe(frNumber(completions))

    // The headline rate: r_positive at six months on entrants, `xx,x %`, with its 95% interval and the 0.80 target
    const placement = network.placement
    expect(placement.suppressed).toBe(false)
    const rateText = plain(await headline.locator('[data-part="rate"]').textContent())
    expect(rateText).toMatch(/^\d{1,2},\d %$/)
    expect(rateText).toBe(frPercent(placement.rate!))
    expect(plain(await headline.locator('[data-part="interval"]').textContent())).toBe(
      `intervalle de confiance à 95 % : [${frPercent(placement.ci95!.low)} ; ${frPercent(placement.ci95!.high)}]`,
    )
    expect(plain(await headline.locator('[data-part="target"]').textContent())).toContain('objectif : 80,0 %')
    expect(await headline.textContent()).toContain(placement.maturity === 'final' ? 'définitif' : 'provisoire')
    const definition = headline.getByRole('link', { name: /Lire la définition complète du taux/ })
    expect(await definition.getAttribute('href')).toBe('/metrics#r_positive')

    // Intake profile, from the same answer
    const intake = page.locator('[data-testid="intake-profile"] .stat__value')
    expect((await intake.allTextContents()).map(plain)).toEqual(
      [
        network.intake.qpvResidents,
        network.intake.noDiplomaAtEntry,
        network.intake.neetAtEntry,
        network.intake.women,
      ].map((share) => frPercent(share!)),
    )

    // The map and the chart by campus, with a table alternative read by screen readers; both are
    // drawn when scrolled near
    await revealLazy(page)
    await page.locator('[data-testid="france-map"]').waitFor()
    expect(await page.locator('[data-testid="france-map"] a').count()).toBe(6)
    const chart = page.getByRole('figure').filter({ hasText: 'Taux de sorties positives à six mois par école' })
    await chart.locator('canvas').waitFor()
    expect(await chart.locator('canvas').getAttribute('role')).toBe('img')
    const lyon = overview.campuses.find((entry) => entry.campus.name.endsWith('Lyon'))!
    const lyonRow = chart.getByRole('row', { name: /^Lyon/ })
    expect(plain(await lyonRow.locator('td').first().textContent())).toBe(frPercent(lyon.placement.rate!))

    // The table is there for screen readers; the toggle shows it to everyone, by keyboard too
    const toggle = chart.getByRole('button', { name: 'Voir les données en tableau' })
    // The table's box is clipped by its wrapper while hidden: measure the wrapper
    const tableWidth = async () => (await chart.getByRole('table').locator('xpath=..').boundingBox())?.width ?? 0
    expect(await tableWidth()).toBeLessThanOrEqual(1) // visually hidden, still in the accessibility tree
    await toggle.focus()
    await page.keyboard.press('Enter')
    expect(await tableWidth()).toBeGreaterThan(300)
    expect(await chart.getByRole('button', { name: 'Masquer le tableau' }).getAttribute('aria-expanded')).toBe('true')

    await expectNoAxeViolations(page)
    expect(problems).toEqual([])
  })

  it('the map shows the six campuses as links; following one opens its page', async () => {
    await page.goto('/map')
    const map = page.locator('[data-testid="france-map"]')
    await map.waitFor()
    await expect.poll(() => page.title()).toBe('Carte des écoles · Trajectoires')
    const campuses = await allCampuses(page)
    const links = map.locator('a')
    expect(await links.count()).toBe(6)
    const labels = await links.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label')))
    expect(labels.sort()).toEqual(
      campuses.map((campus) => `${campus.name}, à ${campus.commune} : voir la fiche de l’école`).sort(),
    )
    // Every dot lies inside the drawing
    const box = (await map.boundingBox())!
    for (const dot of await map.locator('.france-map__dot').all()) {
      const at = (await dot.boundingBox())!
      expect(at.x).toBeGreaterThan(box.x)
      expect(at.x + at.width).toBeLessThan(box.x + box.width)
      expect(at.y).toBeGreaterThan(box.y)
      expect(at.y + at.height).toBeLessThan(box.y + box.height)
    }
    // The list alternative names the same campuses
    expect((await texts(page.locator('[data-testid="map-campus-list"] a'))).sort()).toEqual(
      campuses.map((campus) => campus.name).sort(),
    )
    await expectNoAxeViolations(page)
    await screenshot(page, 'map of the campuses')

    // Keyboard: focus the Marseille dot, Enter opens its page
    const marseille = campuses.find((campus) => campus.commune === 'Marseille')!
    const link = map.getByRole('link', { name: /Marseille/ })
    await link.focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(`**/campuses/${marseille.id}`)
    await page.getByRole('heading', { level: 1, name: marseille.name }).waitFor()
    expect(problems).toEqual([])
  })

  it('a campus page shows its facts, its consortium and its statistics, suppressed for the public', async () => {
    const campuses = await allCampuses(page)
    // Lyon's consortium has members, and its first and last exit years are too small to publish
    const lyon = campuses.find((campus) => campus.commune === 'Lyon')!
    const consortium = await apiJson<Consortium>(page, `/api/v1/campuses/${lyon.id}/consortium`)
    const byYear = await apiJson<PlacementResult>(
      page,
      `/api/v1/stats/placement?campusId=${lyon.id}&groupBy=exitYear&metric=r_positive`,
    )
    expect(consortium.members.length).toBeGreaterThan(0)
    const withheld = byYear.groups.filter((group) => group.rate === null)
    expect(withheld.length).toBeGreaterThan(0)

    await page.goto('/campuses')
    await page.getByRole('link', { name: lyon.name }).click()
    await page.waitForURL(`**/campuses/${lyon.id}`)
    await page.getByRole('heading', { level: 1, name: lyon.name }).waitFor()
    await expect.poll(() => page.title()).toBe(`${lyon.name} · Trajectoires`)
    expect(await page.locator('[data-testid="campus-facts"]').textContent()).toContain('45 places par an')

    // Consortium: every member, carriers first, in French
    const members = page.locator('[data-testid="consortium"] tbody tr')
    await members.first().waitFor()
    expect(await texts(members.locator('th'))).toEqual(consortium.members.map((member) => member.organisation.name))
    expect(plain(await members.first().textContent())).toContain('porteur')

    // Statistics: the total as the API gives it, each year's rate or "secret statistique"
    const results = page.locator('[data-testid="campus-results"]')
    await results.locator('[data-testid="campus-rate"]').waitFor()
    expect(plain(await results.locator('[data-testid="campus-rate"] [data-part="rate"]').textContent())).toBe(
      frPercent(byYear.total.rate!),
    )
    const rateTable = results.getByRole('figure').filter({ hasText: 'par année de sortie, avec l’intervalle' })
    for (const group of byYear.groups) {
      const row = rateTable.getByRole('row', { name: new RegExp(`^${group.key.exitYear}`) })
      const rate = plain(await row.locator('td').first().textContent())
      if (group.rate === null) expect(rate).toBe('secret statistique')
      else expect(rate).toBe(frPercent(group.rate))
    }
    // A withheld count is never shown as zero in the outcome mix either (its counts are the API's)
    const mixAnswer = await apiJson<OutcomeMixResult>(
      page,
      `/api/v1/stats/outcome-mix?campusId=${lyon.id}&groupBy=exitYear`,
    )
    const withheldMix = mixAnswer.groups.find((group) => group.lasting === null)!
    const mix = results.getByRole('figure').filter({ hasText: 'Situations six mois après la sortie' })
    const withheldRow = mix.getByRole('row', { name: new RegExp(`^${withheldMix.key.exitYear}`) })
    expect(await withheldRow.locator('td').first().textContent()).toContain('secret statistique')
    expect(await withheldRow.locator('td').first().textContent()).not.toMatch(/\b0\b/)

    // The funnel, with its table alternative
    const funnel = page.getByRole('figure').filter({ hasText: 'Parcours des candidat·es' })
    await funnel.scrollIntoViewIfNeeded()
    await funnel.locator('canvas').waitFor()
    await expectNoAxeViolations(page)
    expect(problems).toEqual([])
  })

  it('an unknown campus says so in plain words', async () => {
    await page.goto('/campuses/00000000-0000-4000-8000-000000000000')
    await page.getByRole('status').filter({ hasText: 'Cette école n’existe pas, ou plus.' }).waitFor()
    await expectNoAxeViolations(page)
  })

  it('the metric definitions page lists r_positive, r_employment and r_lasting', async () => {
    await page.goto('/metrics#r_positive')
    const metrics = page.locator('[data-testid="metric"]')
    await metrics.first().waitFor()
    await expect.poll(() => page.title()).toBe('Indicateurs · Trajectoires')
    const { items } = await apiJson<{ items: MetricDefinition[] }>(page, '/api/v1/metrics')
    expect(await metrics.evaluateAll((elements) => elements.map((element) => element.id))).toEqual([
      'r_positive',
      'r_employment',
      'r_lasting',
    ])
    for (const definition of items) {
      const article = page.locator(`#${definition.id}`)
      expect(await article.getByRole('heading', { level: 2 }).textContent()).toBe(definition.name.fr)
      expect(await article.textContent()).toContain(`version ${definition.version}`)
      expect(plain(await article.locator('[data-part="target"]').textContent())).toBe(
        definition.target === null ? 'aucun objectif fixé' : frPercent(definition.target),
      )
      expect(await article.locator('[data-part="checkpoints"]').textContent()).toContain(
        'de 4 mois à 8 mois après la sortie',
      )
      expect(await article.locator('[data-part="unknown"]').textContent()).toContain('compte comme non placée')
    }
    expect(await page.locator('#r_positive [data-part="numerator"]').textContent()).toContain('alternance')
    expect(await page.locator('#r_employment [data-part="basis"]').textContent()).toContain(
      'Retirées du dénominateur : alternance, formation qualifiante.',
    )
    await expectNoAxeViolations(page)
    expect(problems).toEqual([])
  })

  it('the overview in English, remembered after reload', async () => {
    await page.goto('/')
    await page.locator('[data-testid="headline"]').waitFor()
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
    const overview = await apiJson<StatsOverview>(page, '/api/v1/stats/overview')
    const { placement } = overview.network
    const check = async () => {
      const headline = page.locator('[data-testid="headline"]')
      await headline.waitFor()
      expect(await page.locator('html').getAttribute('lang')).toBe('en')
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('The Plombiers du numérique network')
      expect(plain(await headline.locator('[data-part="rate"]').textContent())).toBe(enPercent(placement.rate!))
      expect(plain(await headline.locator('[data-part="interval"]').textContent())).toBe(
        `95% confidence interval: [${enPercent(placement.ci95!.low)}, ${enPercent(placement.ci95!.high)}]`,
      )
      expect(plain(await headline.locator('[data-part="target"]').textContent())).toContain('target: 80.0%')
    }
    await check()
    await page.reload()
    await check()
    await expect.poll(() => page.title()).toBe('Home · Trajectoires')
    await revealLazy(page)
    await page.locator('[data-testid="france-map"]').waitFor()
    await expectNoAxeViolations(page)
    expect(problems).toEqual([])
  })

  it('every public page passes axe-core (WCAG 2.1 AA), in both languages', async () => {
    const campuses = await allCampuses(page)
    const chelles = campuses.find((campus) => campus.commune === 'Chelles')!
    const pages: [string, string][] = [
      ['/', '[data-testid="headline"]'],
      ['/map', '[data-testid="france-map"]'],
      ['/campuses', '[data-testid="campuses-table"]'],
      [`/campuses/${chelles.id}`, '[data-testid="campus-rate"]'],
      ['/metrics', '[data-testid="metric"]'],
      ['/nowhere', 'h1'],
    ]
    for (const locale of ['fr', 'en']) {
      await page.goto('/', { waitUntil: 'networkidle' })
      await page.evaluate((value) => localStorage.setItem('trajectoires.locale', value), locale)
      for (const [path, ready] of pages) {
        await page.goto(path)
        await page.locator(ready).first().waitFor()
        // Charts and the map arrive in chunks of their own when scrolled near: check the page once everything is there
        await page.waitForLoadState('networkidle')
        await revealLazy(page)
        expect(await page.locator('html').getAttribute('lang')).toBe(locale)
        await expectNoAxeViolations(page)
      }
    }
    expect(problems).toEqual([])
  }, 240_000)

  it('the overview explains an API failure in plain words', async () => {
    await page.route(
      (url) => url.pathname === '/api/v1/stats/overview',
      (route) =>
        route.fulfill(
          problemAnswer({
            status: 500,
            code: 'internal_error',
            title: 'Internal Server Error',
            detail: 'Something broke.',
            requestId: 'req-e2e-500',
          }),
        ),
    )
    const alert = await alertAt('/')
    expect(await alert.textContent()).toContain('Les chiffres du réseau n’ont pas pu être chargés.')
    expect(await alert.textContent()).toContain('Le serveur a rencontré une erreur.')
    expect(await alert.locator('code').textContent()).toBe('req-e2e-500')
    await expectNoAxeViolations(page)
  })
})
