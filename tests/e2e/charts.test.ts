/**
 * Issue 18, item 6: the campus page's charts, checked as a reader sees them, on a desktop and on a
 * phone, with the browser's default motion setting (no reduced motion: what most readers get). What
 * is measured is what Chart.js drew, at the moment the chart appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core'
import type { Campus, OutcomeMixResult } from '@trajectoires/contract'
import { join } from 'node:path'
import { launchBrowser, screenshot, screenshotDir, watchPage } from './support/browser'
import { drawnChart } from './support/charts'
import { startApi, type RunningApi } from './support/server'

let api: RunningApi
let browser: Browser
let chelles: Campus

beforeAll(async () => {
  api = await startApi({ timeoutMs: 400_000 })
  browser = await launchBrowser()
  const campuses = (await (await fetch(`${api.url}/api/v1/campuses?limit=100`)).json()) as { items: Campus[] }
  chelles = campuses.items.find((c) => c.commune === 'Chelles')!
}, 500_000)

afterAll(async () => {
  await browser?.close()
  await api?.stop()
})

const viewports = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
] as const

/** Opens the campus list and follows the link to a campus (Chelles unless told), as a reader would. */
async function openCampus(page: Page, campus: Campus = chelles): Promise<void> {
  await page.goto('/campuses')
  await page
    .getByRole('link', { name: new RegExp(campus.commune) })
    .first()
    .click()
  await expect.poll(() => new URL(page.url()).pathname).toBe(`/campuses/${campus.id}`)
}

/** A browser context on the API, in French, with a device's viewport and input. */
const newContext = (device: BrowserContextOptions) =>
  browser.newContext({ baseURL: api.url, locale: 'fr-FR', ...device })

/** A larger phone, for the pages that load their figures. */
const largePhone = { viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true }

const figure = (page: Page, title: RegExp): Locator => page.locator('figure.chart').filter({ hasText: title })

describe.each(viewports)('campus page charts on a $name', ({ name, ...device }) => {
  it('draws the situations six months after exit as bars that reach 100 %, with the API’s counts, withheld ones merged', async () => {
    const context = await newContext(device)
    const page = await context.newPage()
    const problems = watchPage(page)
    // Chelles: on the demonstration data every year has a situation of 1 to 4 people, withheld on
    // its own; the bars are drawn anyway, that situation merged with its neighbour.
    await openCampus(page, chelles)
    const mixFigure = figure(page, /Situations six mois après la sortie/)
    const drawn = await drawnChart(mixFigure)
    const mix = (await (
      await page.request.get(`/api/v1/stats/outcome-mix?campusId=${chelles.id}&groupBy=exitYear`)
    ).json()) as OutcomeMixResult
    expect(drawn.labels).toEqual(mix.groups.map((g) => String(g.key.exitYear)))
    // The chart's datasets: each situation, then each merge the rows use, stacked by where they start.
    const parts = ['lasting', 'otherEmployment', 'workStudyTraining', 'notPlaced', 'unknown']
    const kinds = new Map(parts.map((part) => [part, [part]]))
    // A year whose only band is all five (the total alone) is not drawn.
    const drawnGroups = mix.groups.filter((g) => g.bands.length > 1)
    for (const g of drawnGroups) for (const band of g.bands) kinds.set(band.parts.join('+'), band.parts)
    const order = [...kinds.entries()]
      .sort(([, a], [, b]) => parts.indexOf(a[0]!) - parts.indexOf(b[0]!) || a.length - b.length)
      .map(([key]) => key)
    expect(drawn.datasets).toHaveLength(order.length)
    let whole = 0
    let merged = 0
    mix.groups.forEach((group, row) => {
      if (!group.total || group.bands.length < 2) return
      whole++
      // Each band as long as its share, one after the other from 0, the last one ending on 100 %.
      const scale = drawn.one - drawn.zero
      let at = drawn.zero
      for (const band of group.bands) {
        if (band.parts.length > 1) merged++
        const bar = drawn.datasets[order.indexOf(band.parts.join('+'))]![row]!
        expect(
          Math.abs(bar.base! - at),
          `${group.key.exitYear} ${band.parts} starts where the last ended`,
        ).toBeLessThan(1)
        expect((bar.x - bar.base!) / scale, `${group.key.exitYear} ${band.parts}`).toBeCloseTo(
          band.count / group.total,
          2,
        )
        at = bar.x
      }
      expect(Math.abs(at - drawn.one), `${group.key.exitYear} ends at 100 %`).toBeLessThan(1)
    })
    expect(whole).toBeGreaterThan(0)
    expect(merged).toBeGreaterThan(0)
    await expect.poll(() => mixFigure.getByText(/Barre rayée/).count()).toBe(1)
    // The table beside the chart gives the same counts, a merged one across its columns.
    await mixFigure.getByRole('button', { name: 'Voir les données en tableau' }).click()
    const first = drawnGroups.find((g) => g.bands.some((band) => band.parts.length > 1))!
    const rowCells = mixFigure.getByRole('row', { name: new RegExp(`^${first.key.exitYear}`) }).locator('td')
    const cells = await rowCells.allTextContents()
    const counts = cells.map((text) => Number(text.replace(/\s/g, '').replace(/\(.*$/, '')))
    expect(counts).toEqual([...first.bands.map((band) => band.count), first.total])
    const spans = await rowCells.evaluateAll((tds) => tds.map((td) => (td as HTMLTableCellElement).colSpan))
    expect(spans).toEqual([...first.bands.map((band) => band.parts.length), 1])
    await mixFigure.getByRole('button', { name: 'Masquer le tableau' }).click()
    await screenshot(page, `charts campus ${name}`)
    // The results section alone: the pictures of the README (docs/screenshots/*-campus.png).
    await page
      .getByTestId('campus-results')
      .screenshot({ path: join(screenshotDir, `campus-results-${name}.png`), animations: 'disabled' })
    expect(problems).toEqual([])
    await context.close()
  })

  it('puts each rate on its interval bar, bars wide enough to see, no year past the data', async () => {
    const context = await newContext(device)
    const page = await context.newPage()
    await openCampus(page)
    const drawn = await drawnChart(figure(page, /par année de sortie, avec l’intervalle/))
    const placement = (await (
      await page.request.get(`/api/v1/stats/placement?campusId=${chelles.id}&groupBy=exitYear`)
    ).json()) as { groups: Array<{ key: { exitYear: number }; rate: number | null }> }
    const years = placement.groups.map((g) => String(g.key.exitYear))
    // The axis names the years of the data, each once, and none after the last one.
    expect(drawn.labels).toEqual(years)
    expect(drawn.ticks).toEqual(years)
    const [bars, points] = drawn.datasets as [(typeof drawn.datasets)[0], (typeof drawn.datasets)[0]]
    let shown = 0
    placement.groups.forEach((group, i) => {
      const bar = bars[i]!
      const point = points[i]!
      if (group.rate === null) {
        expect(point.skip).toBe(true)
        return
      }
      shown++
      // The point on the bar: same column, between its ends, at the rate.
      expect(Math.abs(point.x - bar.x), `${group.key.exitYear} column`).toBeLessThan(1)
      expect(point.y, `${group.key.exitYear} within the interval`).toBeGreaterThanOrEqual(
        Math.min(bar.y, bar.base!) - 1,
      )
      expect(point.y, `${group.key.exitYear} within the interval`).toBeLessThanOrEqual(Math.max(bar.y, bar.base!) + 1)
      expect(point.y).toBeCloseTo(drawn.zero + (drawn.one - drawn.zero) * group.rate, 0)
      // Wide enough to see and to touch on a phone.
      expect(bar.width!, `${group.key.exitYear} bar width`).toBeGreaterThanOrEqual(12)
    })
    expect(shown).toBeGreaterThan(0)
    await context.close()
  })
})

describe('pages that load their figures', () => {
  it('do not move what is already on screen when the figures arrive (layout shift)', async () => {
    const context = await newContext(largePhone)
    const page = await context.newPage()
    // Chromium's own account of every layout shift, from the first paint on.
    await page.addInitScript(`
      window.__shifts = []
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value)
      }).observe({ type: 'layout-shift', buffered: true })`)
    for (const path of ['/', `/campuses/${chelles.id}`]) {
      await page.goto(path, { waitUntil: 'networkidle' })
      // The charts are below a phone's first screen: drawn as the reader scrolls to them.
      await page.locator('figure.chart').first().scrollIntoViewIfNeeded()
      await page.locator('figure.chart canvas').first().waitFor()
      const shifts = (await page.evaluate('window.__shifts')) as number[]
      const cls = shifts.reduce((sum, value) => sum + value, 0)
      expect(cls, `cumulative layout shift of ${path}`).toBeLessThan(0.01)
    }
    await context.close()
  })

  it('on a phone, Chart.js is fetched when a chart nears the screen, not for the first screen', async () => {
    const context = await newContext(largePhone)
    const page = await context.newPage()
    const scripts: Promise<string>[] = []
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.text().catch(() => ''))
    })
    // A message of Chart.js's own (its constructor's), found in no other script.
    const chartJs = async () => (await Promise.all(scripts)).some((text) => text.includes('Canvas is already in use'))
    for (const path of ['/', `/campuses/${chelles.id}`]) {
      await page.goto(path, { waitUntil: 'networkidle' })
      await page.locator('figure.chart').first().waitFor({ state: 'attached' })
      expect(await chartJs(), `${path}: Chart.js before scrolling`).toBe(false)
    }
    const first = page.locator('figure.chart').first()
    await first.scrollIntoViewIfNeeded()
    await first.locator('canvas').waitFor()
    expect(await chartJs()).toBe(true)
    await context.close()
  })
})
