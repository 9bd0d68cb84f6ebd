import { beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { expectNoAxeViolations } from './support/axe'
import { revealLazy, screenshot } from './support/browser'
import { browserSuite } from './support/pages'
import { demoAdmin, loginHeaders, type RunningApi } from './support/server'

/**
 * The tasks of the people who use the dashboard (issue 18), walked in a real Chromium against the
 * API on a fresh embedded database with the demo network: French data entry in the outcome grid,
 * a journalist's path to a year's figure and its CSV, phones, accounts.
 */

let api: RunningApi
let context: BrowserContext
let page: Page
let problems: string[]

/** A learner of the demo network who left in 2017, and the cohort page that lists them. */
const exited: { reference?: string; cohortId?: string; exitDate?: string } = {}

browserSuite(
  {
    apiTimeoutMs: 400_000,
    startTimeoutMs: 900_000,
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
    screenshotPrefix: 'journey ',
  },
  (session) => ({ context, page, problems } = session),
  (both) => ({ api } = both),
)

beforeAll(async () => {
  const headers = await loginHeaders(api.url)
  const enrolments = (await (await fetch(`${api.url}/api/v1/enrolments?limit=100`, { headers })).json()) as {
    items: Array<{ learner: { reference: string }; cohortId: string; exitDate: string | null; stage: string }>
  }
  const one = enrolments.items.find((item) => item.stage === 'completed' && item.exitDate?.startsWith('2017'))!
  Object.assign(exited, { reference: one.learner.reference, cohortId: one.cohortId, exitDate: one.exitDate })
}, 900_000)

const unexpected = (allowed: RegExp[] = []) =>
  problems.filter((problem) => !allowed.some((pattern) => pattern.test(problem)))

async function logInAt(p: Page, path: string, account = demoAdmin) {
  await p.goto(`/login?redirect=${encodeURIComponent(path)}`)
  await p.getByLabel('Adresse e-mail').fill(account.email)
  await p.getByLabel('Mot de passe').fill(account.password)
  await p.getByRole('button', { name: 'Se connecter' }).click()
  await p.waitForURL((url) => url.pathname + url.search === path)
}

/** `yyyy-mm-dd` plus `months` calendar months, as `dd/mm/yyyy`. */
function frenchDayAfter(iso: string, months: number): string {
  const date = new Date(`${iso}T00:00:00Z`)
  date.setUTCMonth(date.getUTCMonth() + months)
  const [y, m, d] = date.toISOString().slice(0, 10).split('-')
  return `${d}/${m}/${y}`
}

describe('French data entry in the outcome grid', { timeout: 240_000 }, () => {
  it('the grid takes its own French labels, suggests labels, and shows labels for codes', async () => {
    await logInAt(page, `/staff/cohorts/${exited.cohortId}`)
    await page.getByTestId('outcome-grid').waitFor()

    // The suggestions are the labels the grid speaks, not the API's codes.
    const suggestions = (id: string) =>
      page.locator(`#${id} option`).evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))
    expect(await suggestions('grid-situations')).toContain('En alternance')
    expect(await suggestions('grid-situations')).not.toContain('work_study')
    expect(await suggestions('grid-sources')).toContain('Partenaire (mission locale, France Travail…)')
    expect(await suggestions('grid-sources')).not.toContain('partner_report')
    expect(await suggestions('grid-checkpoints')).toContain('À 6 mois')

    // A row typed in the words of the interface, as the suggestion list offers them.
    const at12 = frenchDayAfter(exited.exitDate!, 12)
    await page.locator('#grid-0-reference').fill(exited.reference!)
    await page.locator('#grid-0-checkpoint').fill('À 12 mois')
    await page.locator('#grid-0-observedOn').fill(at12)
    await page.locator('#grid-0-situation').fill('En formation qualifiante')
    await page.locator('#grid-0-source').fill('Partenaire (mission locale, France Travail…)')
    // Other rows: the labels of every situation, and codes, whatever the case and accents.
    await page.locator('#grid-1-situation').fill('En recherche d’emploi')
    await page.locator('#grid-2-situation').fill('inactif·ve')
    await page.locator('#grid-1-contractType').fill('cdi')
    await page.locator('#grid-2-contractType').fill('CDI')
    await page.locator('#grid-1-checkpoint').fill('a 6 MOIS')
    await page.locator('#grid-2-source').fill('partner_report')
    await page.locator('#grid-2-checkpoint').focus() // leaves the source cell
    for (const cell of ['checkpoint', 'situation', 'source', 'observedOn']) {
      expect(await page.locator(`#grid-0-${cell}-error`).count(), cell).toBe(0)
    }
    // Every word is read (a CDI does not go with job seeking, but it is a CDI: no « Valeur non reconnue »).
    for (const row of [1, 2]) {
      for (const cell of ['checkpoint', 'situation', 'contractType', 'source']) {
        const error = page.locator(`#grid-${row}-${cell}-error`)
        if ((await error.count()) > 0) expect(await error.textContent(), `${row} ${cell}`).not.toContain('non reconnue')
      }
    }
    expect(await page.locator('#grid-1-situation-error').count()).toBe(0)
    expect(await page.locator('#grid-2-situation-error').count()).toBe(0)
    expect(await page.locator('#grid-1-contractType-error').textContent()).toContain(
      'Pas de contrat pour cette situation',
    )
    // Codes and other spellings, once left, show as the label.
    expect(await page.locator('#grid-1-contractType').inputValue()).toBe('CDI')
    expect(await page.locator('#grid-1-checkpoint').inputValue()).toBe('À 6 mois')
    expect(await page.locator('#grid-2-source').inputValue()).toBe('Partenaire (mission locale, France Travail…)')
    expect(await page.locator('#grid-2-situation').inputValue()).toBe('Inactif·ve')
    // The long labels are not cut: each cell is as wide as its value.
    for (const cell of ['#grid-0-source', '#grid-0-situation', '#grid-2-source']) {
      const fits = await page
        .locator(cell)
        .evaluate((input) => (input as HTMLInputElement).scrollWidth <= (input as HTMLInputElement).clientWidth)
      expect(fits, cell).toBe(true)
    }
    await expectNoAxeViolations(page)
    await screenshot(page, 'staff outcome grid with French labels')

    // Only the first row is sent: the others are left empty but for the words tried above.
    for (const row of [1, 2]) {
      for (const cell of ['situation', 'contractType', 'checkpoint', 'source']) {
        await page.locator(`#grid-${row}-${cell}`).fill('')
      }
    }
    await page.getByRole('button', { name: 'Enregistrer les situations' }).click()
    await expect.poll(() => page.getByTestId('grid-row-saved').count()).toBe(1)
    expect(unexpected()).toEqual([])
  })

  it('a day that does not exist is said at once, and the window in dd/mm/yyyy', async () => {
    await logInAt(page, `/staff/cohorts/${exited.cohortId}`)
    await page.getByTestId('outcome-grid').waitFor()
    await page.locator('#grid-0-reference').fill(exited.reference!)
    await page.locator('#grid-0-checkpoint').fill('À 6 mois')
    await page.locator('#grid-0-observedOn').fill('31/11/2018')
    const error = page.locator('#grid-0-observedOn-error')
    await expect.poll(async () => (await error.textContent()) ?? '').toContain('Ce jour n’existe pas dans ce mois')
    expect(await error.textContent()).not.toContain('Format non valide')

    // A real day outside the +6-month window: the window, in dd/mm/yyyy.
    await page.locator('#grid-0-observedOn').fill(frenchDayAfter(exited.exitDate!, 12))
    const from = frenchDayAfter(exited.exitDate!, 4)
    const to = frenchDayAfter(exited.exitDate!, 8)
    await expect
      .poll(async () => (await error.textContent()) ?? '')
      .toContain('Date en dehors de la fenêtre de ce point de suivi')
    expect(await error.textContent()).toContain(`${from} → ${to}`)
    expect(await error.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    await expectNoAxeViolations(page)
    expect(unexpected()).toEqual([])
  })
})

/** Spaces of any kind as one plain space: French formats use narrow no-break spaces. */
const plain = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim()
const frPercent = (ratio: number) =>
  plain(
    new Intl.NumberFormat('fr-FR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
      ratio,
    ),
  )

interface Placement {
  total: { rate: number | null; denominator: number | null; maturity: string }
  groups: Array<{ key: { exitYear?: number }; maturity: string }>
}

describe('the grid with a keyboard', { timeout: 240_000 }, () => {
  it('a link at the top reaches the first cell; Enter and the arrows move as in a spreadsheet', async () => {
    await logInAt(page, `/staff/cohorts/${exited.cohortId}`)
    await page.getByTestId('outcome-grid').waitFor()
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '')
    await page.getByRole('link', { name: 'Aller à la grille de saisie des situations' }).click()
    await expect.poll(focused).toBe('grid-0-reference')
    await page.keyboard.type(exited.reference!)
    await page.keyboard.press('Enter')
    await expect.poll(focused).toBe('grid-1-reference')
    await page.keyboard.press('Shift+Enter')
    await expect.poll(focused).toBe('grid-0-reference')
    await page.keyboard.press('End')
    await page.keyboard.press('ArrowRight')
    await expect.poll(focused).toBe('grid-0-checkpoint')
    // ↓ in a cell with suggestions opens them; Ctrl+↓ changes rows.
    await page.keyboard.press('Control+ArrowDown')
    await expect.poll(focused).toBe('grid-1-checkpoint')
    await page.keyboard.press('ArrowRight')
    await expect.poll(focused).toBe('grid-1-observedOn')
    await page.keyboard.press('ArrowUp')
    await expect.poll(focused).toBe('grid-0-observedOn')
    await page.keyboard.press('ArrowLeft')
    await expect.poll(focused).toBe('grid-0-checkpoint')
    // Down from the last row adds one.
    const rows = page.getByTestId('outcome-grid').locator('tbody tr')
    const before = await rows.count()
    await page.locator(`#grid-${before - 1}-observedOn`).focus()
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => rows.count()).toBe(before + 1)
    await expect.poll(focused).toBe(`grid-${before}-observedOn`)
    await expectNoAxeViolations(page)
    expect(unexpected()).toEqual([])
  })
})

describe('a journalist’s path', { timeout: 240_000 }, () => {
  it('from the overview to a year’s network rate (2019 unless the release hides it) and its CSV, in a link that can be shared', async () => {
    // The protected release may hide a year's network figures on some demo data (ids decide the
    // secondary suppression's choices): the journalist reads the first published year.
    let year = 0
    for (const y of [2019, 2020, 2021, 2018, 2022]) {
      const answer = (await (await page.request.get(`/api/v1/stats/placement?exitYear=${y}`)).json()) as Placement
      if (answer.total.rate !== null) {
        year = y
        break
      }
    }
    expect(year).not.toBe(0)
    await page.goto('/')
    await page.getByTestId('headline').waitFor()
    const select = page.getByRole('combobox', { name: 'Année de sortie' })
    await select.selectOption(String(year))
    await page.waitForURL((url) => url.searchParams.get('annee') === String(year))
    const expected = (await (await page.request.get(`/api/v1/stats/placement?exitYear=${year}`)).json()) as Placement
    expect(expected.total.rate).not.toBeNull()
    const headline = page.getByTestId('headline')
    await expect.poll(async () => plain(await headline.textContent())).toContain(`sortant·es de ${year}`)
    expect(plain(await headline.textContent())).toContain(frPercent(expected.total.rate!))

    // The figure's CSV is the API's answer to the same question.
    const link = page.getByRole('link', {
      name: new RegExp(`Télécharger ces chiffres \\(CSV\\).*réseau entier, sortant·es de ${year}`),
    })
    expect(await link.getAttribute('href')).toBe(`/api/v1/stats/placement?exitYear=${year}&format=csv`)
    const csv = await page.request.get((await link.getAttribute('href'))!)
    expect(csv.status()).toBe(200)
    expect(csv.headers()['content-type']).toContain('text/csv')
    expect(await csv.text()).toContain(String(expected.total.rate).replace('.', ','))
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    expect(download.suggestedFilename()).toBe(`trajectoires-taux-reseau-${year}.csv`)

    // Every chart of the page has its CSV beside it.
    const charts = page.locator('figure.chart')
    await expect.poll(() => charts.count()).toBeGreaterThanOrEqual(2)
    for (const chart of await charts.all()) {
      expect(await chart.getByTestId('download-csv').count(), (await chart.textContent())?.slice(0, 80)).toBe(1)
    }
    const trendLink = page.getByRole('link', { name: /Télécharger ces chiffres \(CSV\).*par année de sortie/ })
    expect(await trendLink.getAttribute('href')).toBe('/api/v1/stats/placement?groupBy=exitYear&format=csv')
    const campusLink = page.getByRole('link', {
      name: new RegExp(`Télécharger ces chiffres \\(CSV\\).*par école, sortant·es de ${year}`),
    })
    expect(await campusLink.getAttribute('href')).toBe(
      `/api/v1/stats/placement?exitYear=${year}&groupBy=campus&format=csv`,
    )

    // Provisional years are drawn apart, and said so.
    const trend = (await (await page.request.get('/api/v1/stats/placement?groupBy=exitYear')).json()) as Placement
    const provisional = trend.groups.filter((group) => group.maturity === 'provisional').length
    expect(provisional).toBeGreaterThan(0)
    await expect.poll(() => page.getByTestId('provisional-legend').count()).toBeGreaterThan(0)
    expect(await page.locator('td[data-maturity="provisional"]').count()).toBeGreaterThanOrEqual(provisional)
    await expectNoAxeViolations(page)
    await screenshot(page, `public overview ${year}`)

    // The shared address shows the same; the API's own parameter name works too.
    for (const address of [`/?annee=${year}`, `/?exitYear=${year}`]) {
      const other = await context.newPage()
      await other.goto(address)
      await expect
        .poll(async () => plain(await other.getByTestId('headline').textContent()))
        .toContain(`sortant·es de ${year}`)
      expect(plain(await other.getByTestId('headline').textContent())).toContain(frPercent(expected.total.rate!))
      expect(await other.getByRole('combobox', { name: 'Année de sortie' }).inputValue()).toBe(String(year))
      await other.close()
    }
    // Back to every year.
    await select.selectOption('')
    await page.waitForURL((url) => !url.searchParams.has('annee'))
    await expect.poll(async () => plain(await headline.textContent())).toContain('réseau entier')
    expect(unexpected()).toEqual([])
  })

  it('a campus page has the same year selector, figure and downloads', async () => {
    const campuses = (await (await page.request.get('/api/v1/campuses?limit=100')).json()) as {
      items: Array<{ id: string; name: string }>
    }
    const lyon = campuses.items.find((campus) => campus.name.endsWith('Lyon'))!
    await page.goto(`/campuses/${lyon.id}?annee=2021`)
    const rate = page.getByTestId('campus-rate')
    await expect.poll(async () => plain(await rate.textContent())).toContain('sortant·es de 2021')
    expect(await page.getByRole('combobox', { name: 'Année de sortie' }).inputValue()).toBe('2021')
    const link = page.getByRole('link', { name: /Télécharger ces chiffres \(CSV\).*sortant·es de 2021/ })
    expect(await link.getAttribute('href')).toBe(`/api/v1/stats/placement?campusId=${lyon.id}&exitYear=2021&format=csv`)
    expect((await page.request.get((await link.getAttribute('href'))!)).status()).toBe(200)
    const byYear = page.getByRole('link', { name: /Télécharger ces chiffres \(CSV\).*par année de sortie/ })
    expect(await byYear.getAttribute('href')).toBe(
      `/api/v1/stats/placement?campusId=${lyon.id}&groupBy=exitYear&format=csv`,
    )
    for (const metric of ['r_positive', 'r_employment', 'r_lasting']) {
      expect(await page.locator(`a[href*="metric=${metric}"][href$="format=csv"]`).count(), metric).toBe(1)
    }
    await page.getByRole('combobox', { name: 'Année de sortie' }).selectOption('2022')
    await page.waitForURL((url) => url.searchParams.get('annee') === '2022')
    await expect.poll(async () => plain(await rate.textContent())).toContain('sortant·es de 2022')
    await expectNoAxeViolations(page)
    expect(unexpected()).toEqual([])
  })
})

describe('phones', { timeout: 300_000 }, () => {
  /** Visits each page at 390 px wide and returns those the page scrolls sideways on, with their width. */
  async function tooWide(p: Page, paths: string[]): Promise<string[]> {
    const wide: string[] = []
    for (const path of paths) {
      await p.goto(path)
      await p.locator('h1').first().waitFor()
      await p.waitForLoadState('networkidle')
      await revealLazy(p) // the charts and the map, drawn when scrolled near
      // Tables of figures open the same way on a phone: the widest state of the page is measured.
      const toggles = p.getByRole('button', { name: /Voir les données en tableau|Show the data as a table/ })
      for (const toggle of await toggles.all()) if (await toggle.isVisible()) await toggle.click()
      const width = await p.evaluate(() => document.scrollingElement!.scrollWidth)
      if (width > 390) wide.push(`${path}: ${width} px`)
    }
    return wide
  }

  it('every page fits a 390 px screen, in French and in English', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    const campuses = (await (await page.request.get('/api/v1/campuses?limit=100')).json()) as {
      items: Array<{ id: string; name: string }>
    }
    const chalons = campuses.items.find((campus) => campus.name.endsWith('Châlons-en-Champagne'))!
    const lyon = campuses.items.find((campus) => campus.name.endsWith('Lyon'))!
    const publicPages = [
      '/',
      '/?annee=2019',
      '/map',
      '/campuses',
      `/campuses/${chalons.id}`,
      `/campuses/${lyon.id}`,
      '/metrics',
    ]
    await logInAt(page, '/staff')
    const staffPages = [
      '/staff',
      `/staff/campuses/${lyon.id}`,
      `/staff/cohorts/${exited.cohortId}`,
      '/staff/import',
      '/staff/partners',
      '/admin/users',
      '/admin/api-keys',
      '/admin/audit',
    ]
    expect(await tooWide(page, [...publicPages, ...staffPages])).toEqual([])
    await screenshot(page, 'phone admin audit')
    await page.goto(`/campuses/${chalons.id}`)
    await page.waitForLoadState('networkidle')
    await screenshot(page, 'phone public campus')

    // In English ("statistical confidentiality" is longer than "secret statistique").
    await page.getByRole('button', { name: 'English' }).click()
    expect(await tooWide(page, [...publicPages, ...staffPages])).toEqual([])
    await page.goto(`/campuses/${chalons.id}`)
    await page.waitForLoadState('networkidle')
    await screenshot(page, 'phone public campus in English')
    // Leaving a page cancels what it was still loading: not a failure.
    expect(unexpected([/net::ERR_ABORTED/])).toEqual([])
  })

  it('“secret statistique” stays inside its card, on a phone and on a desktop, in both languages', async () => {
    const campuses = (await (await page.request.get('/api/v1/campuses?limit=100')).json()) as {
      items: Array<{ id: string; name: string }>
    }
    const chalons = campuses.items.find((campus) => campus.name.endsWith('Châlons-en-Champagne'))!
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      for (const language of ['Français', 'English']) {
        await page.goto('/')
        await page.getByRole('button', { name: language }).click()
        for (const path of ['/', `/campuses/${chalons.id}`]) {
          await page.goto(path)
          await page.waitForLoadState('networkidle')
          const overflowing = await page.evaluate(() =>
            [...document.querySelectorAll('.stat, .rate-summary, .panel, .card')].flatMap((card) =>
              card.scrollWidth > card.clientWidth + 1
                ? [`${card.className}: ${card.scrollWidth} > ${card.clientWidth}`]
                : [],
            ),
          )
          expect(overflowing, `${path} ${language} ${width}`).toEqual([])
          expect(
            await page.evaluate(() => document.scrollingElement!.scrollWidth),
            `${path} ${language}`,
          ).toBeLessThanOrEqual(width)
        }
      }
    }
  })
})

describe('accounts', { timeout: 300_000 }, () => {
  const staffEmail = 'dominique.romans@demo.trajectoires.local'

  it('the admin creates an account and copies its generated password; its owner changes it', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.url })
    await logInAt(page, '/admin/users')
    await page.getByTestId('users-table').waitFor()
    // The administration pages link to each other.
    const adminNav = page.getByRole('navigation', { name: 'Administration' }).last()
    expect(await adminNav.getByRole('link').allTextContents()).toEqual(['Comptes', 'Clés d’API', 'Journal d’audit'])
    await page.getByRole('button', { name: 'Nouveau compte' }).click()
    const form = page.getByTestId('user-create-form')
    await form.getByLabel('Adresse e-mail').fill(staffEmail)
    await form.getByLabel('Nom affiché').fill('Dominique Romans')
    await form.getByLabel('Rôle').selectOption({ label: 'équipe d’école' })
    await form.getByLabel('Plombiers du numérique Romans-sur-Isère').check()
    await form.getByRole('button', { name: 'Créer le compte' }).click()
    await page.getByTestId('user-created').waitFor()
    const generated = await page.getByTestId('initial-password').inputValue()
    expect(generated.length).toBeGreaterThanOrEqual(12)
    await page.getByRole('button', { name: 'Copier le mot de passe' }).click()
    await page.getByText('Mot de passe copié dans le presse-papiers.').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(generated)
    await expectNoAxeViolations(page)
    await screenshot(page, 'staff account created with its password')
    await page.getByRole('button', { name: 'Se déconnecter' }).click()
    await page.waitForURL('**/login')

    // The new account's owner changes the password from the link on their name.
    const owner = { email: staffEmail, password: generated }
    await logInAt(page, '/staff', owner)
    await page.getByTestId('account-name').click()
    await page.waitForURL('**/account/password')
    expect(await page.title()).toBe('Changer de mot de passe · Trajectoires')
    const newPassword = 'une phrase de passe assez longue'
    await page.getByLabel('Mot de passe actuel').fill('not the password at all')
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(newPassword)
    await page.getByLabel('Nouveau mot de passe, une seconde fois').fill(newPassword)
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click()
    await page.locator('#password-current-error').waitFor()
    expect(await page.locator('#password-current-error').textContent()).toContain(
      'Ce n’est pas votre mot de passe actuel.',
    )
    await page.getByLabel('Mot de passe actuel').fill(generated)
    await page.getByLabel('Nouveau mot de passe, une seconde fois').fill(`${newPassword}!`)
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click()
    expect(await page.locator('#password-confirm-error').textContent()).toContain('ne sont pas identiques')
    await page.getByLabel('Nouveau mot de passe, une seconde fois').fill(newPassword)
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click()
    await page.getByTestId('password-changed').waitFor()
    expect(await page.locator('main').textContent()).not.toMatch(/must|is not the current/)
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Se déconnecter' }).click()
    await page.waitForURL('**/login')
    await logInAt(page, '/staff', { email: staffEmail, password: newPassword })

    // Another campus: said plainly, in French, without ids or role codes.
    const campuses = (await (await page.request.get('/api/v1/campuses?limit=100')).json()) as {
      items: Array<{ id: string; name: string }>
    }
    const lyon = campuses.items.find((campus) => campus.name.endsWith('Lyon'))!
    await page.goto(`/staff/campuses/${lyon.id}`)
    const problem = page.getByTestId('staff-problem')
    // Once the campus itself is refused, that is all the page says.
    await expect.poll(async () => (await problem.allTextContents()).join(' | ')).toContain('Cette école n’est pas')
    await expect.poll(() => problem.count()).toBe(1)
    const said = (await problem.textContent()) ?? ''
    expect(said).toContain('Cette école n’est pas l’une des vôtres.')
    expect(said).not.toContain(lyon.id)
    expect(said).not.toMatch(/campus_staff|network_|forbidden|may not/)
    await problem.getByRole('link', { name: 'Retour à vos écoles' }).waitFor()
    await expectNoAxeViolations(page)
    // The wrong current password was refused on purpose.
    expect(unexpected([/status of 400/, /net::ERR_ABORTED/])).toEqual([])
  })

  it('the API-key form speaks French, and the audit log words', async () => {
    await logInAt(page, '/admin/api-keys')
    const form = page.getByTestId('key-create-form')
    await form.waitFor()
    await form.getByLabel('Nom', { exact: true }).fill('   ')
    await form.getByLabel(/Lire les statistiques/).check()
    await form.getByRole('button', { name: 'Créer la clé' }).click()
    await page.getByTestId('field-error').first().waitFor()
    const main = (await page.locator('main').textContent()) ?? ''
    expect(main).not.toMatch(/must NOT|body\/|characters/)
    expect(await page.locator('#key-name-error').textContent()).not.toBe('')
    await expectNoAxeViolations(page)
    const adminNav = page.getByRole('navigation', { name: 'Administration' }).last()
    await adminNav.getByRole('link', { name: 'Journal d’audit' }).click()
    await page.waitForURL('**/admin/audit')
    await page.getByTestId('audit-table').waitFor()
    const actions = await page.getByTestId('audit-table').locator('tbody td[data-action]').allTextContents()
    expect(actions.length).toBeGreaterThan(0)
    for (const action of actions) expect(action.trim()).toMatch(/^[A-ZÀ-Ý][a-zà-ÿ’ ]+$/)
    expect(actions.map((a) => a.trim())).toContain('Connexion')
    // Kind and id apart, not « observationc8d2… ».
    const resources = await page.getByTestId('audit-table').locator('tbody tr td:nth-child(4)').allInnerTexts()
    for (const resource of resources) expect(resource).not.toMatch(/^[a-z_]+[0-9a-f]{8}-/)
    await expectNoAxeViolations(page)
    await screenshot(page, 'staff audit log')
    await adminNav.getByRole('link', { name: 'Comptes' }).click()
    await page.waitForURL('**/admin/users')
    expect(unexpected([/status of 400/])).toEqual([])
  })
})

describe('words', { timeout: 240_000 }, () => {
  it('titles name the page, plurals are written out, English has no French spacing', async () => {
    const headers = await loginHeaders(api.url)
    const cohort = (await (await fetch(`${api.url}/api/v1/cohorts/${exited.cohortId}`, { headers })).json()) as {
      name: string
      campusId: string
    }
    await logInAt(page, `/staff/cohorts/${exited.cohortId}`)
    await expect.poll(() => page.title()).toBe(`${cohort.name} · Trajectoires`)
    await page.goto(`/staff/campuses/${cohort.campusId}`)
    await expect.poll(() => page.title()).toMatch(/^Plombiers du numérique .+ · Trajectoires$/)

    await page.goto('/')
    const capacity = page.getByTestId('network-figures')
    await capacity.waitFor()
    expect(await capacity.textContent()).not.toMatch(/\((s|e)\)/)
    expect(await capacity.textContent()).toMatch(/capacité connue pour \d+ sur \d+ écoles? ouvertes?/)

    await page.getByRole('button', { name: 'English' }).click()
    // English is fetched on the first switch; the charts are drawn when scrolled near.
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
    await revealLazy(page)
    const labels = await page
      .locator('figure.chart canvas')
      .evaluateAll((canvases) => canvases.map((canvas) => canvas.getAttribute('aria-label') ?? ''))
    expect(labels.length).toBeGreaterThan(0)
    for (const label of labels) expect(label.replace(/[\u00a0\u202f]/g, ' ')).not.toMatch(/\w\s[:;](\s|$)/)
    const main = ((await page.locator('main').textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ')
    expect(main).not.toMatch(/[a-z)]\s[:;]\s/i)
    expect(unexpected([/net::ERR_ABORTED/]), unexpected().join('\n')).toEqual([])
  })
})
