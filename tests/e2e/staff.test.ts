import { beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { expectNoAxeViolations } from './support/axe'
import { screenshot } from './support/browser'
import { checkImportFile } from './support/import-files'
import { browserSuite } from './support/pages'
import { demoAdmin, loginHeaders, type RunningApi } from './support/server'

/**
 * The staff half of the dashboard in a real Chromium, against the API on a fresh embedded database
 * with the seeded demo network. The tests run in order and share the database: the first one
 * creates the cohort the later ones work on.
 */

let api: RunningApi
let context: BrowserContext
let page: Page
let problems: string[]

/** What the tests create and reuse. */
const state: { lyonId?: string; romansId?: string; cohortPath?: string } = {}
const cohortName = 'Lyon 2025 – session e2e'
const campusStaff = { email: 'camille.romans@demo.trajectoires.local', password: 'romans e2e password 2026' }

browserSuite(
  {
    apiTimeoutMs: 400_000,
    startTimeoutMs: 900_000,
    viewport: { width: 1280, height: 900 },
    screenshotPrefix: 'staff ',
  },
  (session) => ({ context, page, problems } = session),
  (both) => ({ api } = both),
)

beforeAll(async () => {
  const campuses = (await (await fetch(`${api.url}/api/v1/campuses?limit=100`)).json()) as {
    items: Array<{ id: string; name: string }>
  }
  state.lyonId = campuses.items.find((campus) => campus.name.endsWith('Lyon'))!.id
  state.romansId = campuses.items.find((campus) => campus.name.endsWith('Romans-sur-Isère'))!.id
}, 900_000)

/** Problems other than the refusals a test provokes on purpose (the browser logs failed requests). */
const unexpected = (allowed: RegExp[] = []) =>
  problems.filter((problem) => !allowed.some((pattern) => pattern.test(problem)))

async function logIn(p: Page, account: { email: string; password: string } = demoAdmin) {
  await p.getByLabel('Adresse e-mail').fill(account.email)
  await p.getByLabel('Mot de passe').fill(account.password)
  await p.getByRole('button', { name: 'Se connecter' }).click()
}

/** Logs in from the login page and waits to land on `path`. */
async function logInAt(p: Page, path: string, account = demoAdmin) {
  await p.goto(`/login?redirect=${encodeURIComponent(path)}`)
  await logIn(p, account)
  await p.waitForURL((url) => url.pathname === path)
}

/** Pastes tab-separated text into a grid cell the way a browser delivers a paste from a spreadsheet. */
async function pasteInto(p: Page, selector: string, text: string) {
  await p.locator(selector).focus()
  await p.locator(selector).evaluate((element, data) => {
    const transfer = new DataTransfer()
    transfer.setData('text/plain', data)
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }))
  }, text)
}

const text = async (p: Page, testId: string) => ((await p.getByTestId(testId).textContent()) ?? '').trim()

// Generous limits: the machine running CI is small and shared; nothing here asserts on time.
describe('staff dashboard', { timeout: 240_000 }, () => {
  it('a staff member logs in, creates a cohort, enrols learners, pastes outcomes and sees the placement change', async () => {
    // A staff page sends to the login page, which brings back afterwards.
    await page.goto('/staff')
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/staff')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Connexion à l’espace équipe')
    await expectNoAxeViolations(page)
    await logIn(page)
    await page.waitForURL((url) => url.pathname === '/staff')
    await page.getByTestId('staff-campuses').waitFor()
    expect(await page.getByTestId('account-name').textContent()).toBe('Demo administrator')
    const nav = page.getByRole('navigation', { name: 'Navigation principale' })
    expect(await nav.getByRole('link', { name: 'Espace équipe' }).count()).toBe(1)
    expect(await nav.getByRole('link', { name: 'Administration' }).count()).toBe(1)
    expect(await page.getByTestId('staff-campuses').getByRole('link').count()).toBe(6)
    await expectNoAxeViolations(page)

    // The campus page: cohorts, funnel, placement by exit year (unsuppressed for network staff).
    await page.getByRole('link', { name: /Plombiers du numérique Lyon/ }).click()
    await page.waitForURL(`**/staff/campuses/${state.lyonId}`)
    await page.getByTestId('cohorts-table').waitFor()
    await page.getByTestId('placement-rate').waitFor()
    await page.getByTestId('placement-by-year').waitFor()
    const rateBefore = await text(page, 'placement-rate')
    const intervalBefore = await text(page, 'placement-interval')
    const countedBefore = await text(page, 'placement-denominator')
    expect(rateBefore).toMatch(/^\d+,\d\s%$/)
    expect(intervalBefore).toMatch(/^\[\d+,\d\s%\s;\s\d+,\d\s%\]$/)
    await expectNoAxeViolations(page)

    // Create a cohort that ran in early 2025.
    await page.getByRole('button', { name: 'Nouvelle promotion' }).click()
    const form = page.getByTestId('cohort-create-form')
    await form.getByLabel('Nom de la promotion').fill(cohortName)
    await form.getByLabel('Début de formation').fill('2025-01-06')
    await form.getByLabel('Fin de formation').fill('2025-04-04')
    await form.getByLabel('Places prévues').fill('12')
    await form.getByLabel('Date du jury').fill('2024-12-20')
    await form.getByLabel('Statut').selectOption('completed')
    await expectNoAxeViolations(page)
    await form.getByRole('button', { name: 'Créer la promotion' }).click()
    await page.getByTestId('cohort-created').waitFor()
    expect(await text(page, 'cohort-created')).toContain(`Promotion « ${cohortName} » créée.`)
    await page.getByTestId('cohort-created').getByRole('link', { name: 'Ouvrir la promotion' }).click()
    await page.waitForURL('**/staff/cohorts/*')
    state.cohortPath = new URL(page.url()).pathname
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(cohortName)
    await page.getByText('Aucune inscription dans cette promotion pour l’instant.').waitFor()

    // Enrol three learners (the form keeps the dates for the next one).
    const enrol = page.getByTestId('enrol-form')
    await enrol.getByLabel('Date de candidature').fill('2024-11-15')
    await enrol.getByLabel('Date de cette étape').fill('2024-12-20')
    for (const reference of ['E2E-001', 'E2E-002', 'E2E-003']) {
      await enrol.getByLabel('Référence apprenant·e').fill(reference)
      await enrol.getByLabel('Année de naissance').fill('2003')
      await enrol.getByRole('button', { name: 'Inscrire' }).click()
      await page
        .getByTestId('enrolled')
        .filter({ hasText: `${reference} est inscrit·e.` })
        .waitFor()
    }
    const rows = page.getByTestId('enrolments-table').locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(3)
    expect(await rows.first().locator('td').nth(1).textContent()).toBe('Inscrit·e')
    await expectNoAxeViolations(page)

    // Move them through training, one step for all of them at a time (only allowed stages are offered).
    const actions = page.getByTestId('enrolment-actions')
    const applyToAll = async (setUp: () => Promise<void>, expectedStage: string | null) => {
      await page.getByLabel('Tout sélectionner').check()
      await setUp()
      await actions.getByRole('button', { name: 'Appliquer' }).click()
      await page.getByTestId('enrolments-done').filter({ hasText: '3 inscriptions modifiées, 0 refus.' }).waitFor()
      if (expectedStage) await expect.poll(() => rows.first().locator('td').nth(1).textContent()).toBe(expectedStage)
    }
    await applyToAll(async () => {
      const options = await actions.getByLabel('Nouvelle étape').locator('option:not([disabled])').allTextContents()
      expect(options).toEqual(['En formation', 'Sortie anticipée'])
      await actions.getByLabel('Nouvelle étape').selectOption({ label: 'En formation' })
      await actions.getByLabel('À la date du').fill('2025-01-06')
    }, 'En formation')
    await applyToAll(async () => {
      await actions.getByLabel('Confirmer la fin de la période d’essai').check()
      await actions.getByLabel('À la date du').fill('2025-01-20')
    }, null)
    await expect.poll(() => rows.first().locator('td').nth(4).textContent()).toBe('20/01/2025')
    await applyToAll(async () => {
      await actions.getByLabel('Changer d’étape').check()
      await actions.getByLabel('Nouvelle étape').selectOption({ label: 'Formation terminée' })
      await actions.getByLabel('À la date du').fill('2025-04-04')
    }, 'Formation terminée')

    // Paste three rows from a spreadsheet (with its header line); one cell is wrong.
    const pasted = [
      'Référence\tPoint de suivi\tObservée le\tSituation\tContrat\tDurée (mois)\tSecteur fibre\tSource',
      'E2E-001\t6 mois\t06/10/2025\temploi\tCDI\t\toui\temployeur',
      'E2E-002\tm6\t2025-10-06\talternance\tapprentissage\t24\toui\tdocument',
      'E2E-003\t6 mois\t06/10/2025\temploi\tCDD\t12\tpeut-être\tdéclaratif',
    ].join('\r\n')
    await pasteInto(page, '#grid-0-reference', pasted)
    await expect.poll(() => page.locator('#grid-2-inFibreSector').inputValue()).toBe('peut-être')
    expect(await page.locator('#grid-0-checkpoint').inputValue()).toBe('À 6 mois')
    expect(await page.locator('#grid-1-contractMonths').inputValue()).toBe('24')
    // The wrong cell says so, right under it, and only it.
    const cellErrors = page.getByTestId('cell-error')
    await expect.poll(() => cellErrors.count()).toBe(1)
    expect(await page.locator('#grid-2-inFibreSector-error').textContent()).toContain('Répondez par oui ou non.')
    expect(await page.locator('#grid-2-inFibreSector').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#grid-2-inFibreSector').getAttribute('aria-describedby')).toBe(
      'grid-2-inFibreSector-error',
    )
    expect(await text(page, 'grid-status')).toBe('1 ligne à corriger avant l’envoi.')
    await expectNoAxeViolations(page)
    await screenshot(page, 'staff outcome grid with a wrong cell')
    await page.locator('#grid-2-inFibreSector').fill('non')
    await expect.poll(() => cellErrors.count()).toBe(0)
    await page.getByRole('button', { name: 'Enregistrer les situations' }).click()
    await expect.poll(() => page.getByTestId('grid-row-saved').count()).toBe(3)
    expect(await text(page, 'grid-status')).toBe('3 situations enregistrées, 0 ligne à corriger.')
    // The cohort's own figure (unsuppressed for network staff): 3 of 3 placed.
    await expect.poll(() => text(page, 'placement-rate')).toMatch(/^100,0\s%$/)

    // Back on the campus page, the rate and its interval moved.
    await page.getByRole('link', { name: 'Plombiers du numérique Lyon' }).click()
    await page.waitForURL(`**/staff/campuses/${state.lyonId}`)
    await page.getByTestId('placement-rate').waitFor()
    await expect.poll(() => text(page, 'placement-denominator')).not.toBe(countedBefore)
    expect(Number((await text(page, 'placement-denominator')).replace(/\s/g, ''))).toBe(
      Number(countedBefore.replace(/\s/g, '')) + 3,
    )
    expect(await text(page, 'placement-rate')).not.toBe(rateBefore)
    expect(await text(page, 'placement-interval')).not.toBe(intervalBefore)
    expect(unexpected()).toEqual([])
  })

  it('a wrong entry shows its error next to the field', async () => {
    await logInAt(page, `/staff/campuses/${state.lyonId}`)
    await page.getByRole('button', { name: 'Nouvelle promotion' }).click()
    const form = page.getByTestId('cohort-create-form')
    await form.getByLabel('Nom de la promotion').fill('Lyon – dates inversées')
    await form.getByLabel('Début de formation').fill('2026-05-04')
    await form.getByLabel('Fin de formation').fill('2026-02-06')
    await form.getByRole('button', { name: 'Créer la promotion' }).click()
    const endError = page.locator('#cohort-end-error')
    await endError.waitFor()
    expect(await endError.textContent()).toContain('Les dates ne sont pas dans l’ordre.')
    expect(await form.getByLabel('Fin de formation').getAttribute('aria-invalid')).toBe('true')
    expect(await form.getByLabel('Fin de formation').getAttribute('aria-describedby')).toContain('cohort-end-error')
    expect(await page.getByTestId('staff-problem').textContent()).toContain('Certains champs ne sont pas valides')
    // Only the failing field is marked.
    expect(await form.getByTestId('field-error').count()).toBe(1)
    await expectNoAxeViolations(page)

    // A duplicate name is refused next to the name.
    await form.getByLabel('Nom de la promotion').fill(cohortName)
    await form.getByLabel('Début de formation').fill('2026-01-05')
    await form.getByRole('button', { name: 'Créer la promotion' }).click()
    await expect
      .poll(async () => (await page.locator('#cohort-name-error').textContent()) ?? '')
      .toContain('Déjà utilisé')
    expect(unexpected([/status of 400/, /status of 409/])).toEqual([])
  })

  it('a stale write (412) is explained with a way to reload', async () => {
    await logInAt(page, state.cohortPath!)
    await page.getByTestId('cohort-facts').waitFor()
    await page.getByRole('button', { name: 'Modifier la promotion' }).click()
    const form = page.getByTestId('cohort-edit-form')
    await form.getByLabel('Places prévues').fill('14')

    // Meanwhile, someone else renames the cohort.
    const headers = await loginHeaders(api.url)
    const id = state.cohortPath!.split('/').pop()!
    const current = await fetch(`${api.url}/api/v1/cohorts/${id}`, { headers })
    const changed = await fetch(`${api.url}/api/v1/cohorts/${id}`, {
      method: 'PATCH',
      headers: { ...headers, 'content-type': 'application/json', 'if-match': current.headers.get('etag')! },
      body: JSON.stringify({ name: `${cohortName} (renommée)` }),
    })
    expect(changed.status).toBe(200)

    await form.getByRole('button', { name: 'Enregistrer' }).click()
    const problem = page.getByTestId('staff-problem')
    await problem.waitFor()
    expect(await problem.textContent()).toContain('Modification en conflit')
    expect(await problem.textContent()).toContain('Quelqu’un d’autre a modifié cet élément')
    await expectNoAxeViolations(page)
    await screenshot(page, 'staff cohort conflict')

    await problem.getByRole('button', { name: 'Recharger la version actuelle' }).click()
    await expect.poll(() => form.getByLabel('Nom de la promotion').inputValue()).toBe(`${cohortName} (renommée)`)
    expect(await page.getByTestId('staff-problem').count()).toBe(0)
    await form.getByLabel('Places prévues').fill('14')
    await form.getByRole('button', { name: 'Enregistrer' }).click()
    await page.getByTestId('cohort-saved').waitFor()
    expect(await text(page, 'cohort-seats')).toBe('14')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`${cohortName} (renommée)`)
    expect(unexpected([/status of 412/])).toEqual([])
  })

  it('an ended session sends back to the login page, then to the page', async () => {
    await logInAt(page, state.cohortPath!)
    await page.getByTestId('enrol-form').waitFor()
    await context.clearCookies()
    const enrol = page.getByTestId('enrol-form')
    await enrol.getByLabel('Référence apprenant·e').fill('E2E-004')
    await enrol.getByLabel('Année de naissance').fill('2002')
    await enrol.getByLabel('Date de candidature').fill('2024-11-20')
    await enrol.getByRole('button', { name: 'Inscrire' }).click()
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === state.cohortPath)
    expect(await text(page, 'session-expired')).toContain('Votre session a expiré')
    expect(
      await page
        .getByRole('navigation', { name: 'Navigation principale' })
        .getByRole('link', { name: 'Espace équipe' })
        .count(),
    ).toBe(0)
    await logIn(page)
    await page.waitForURL(`**${state.cohortPath!}`)
    await page.getByTestId('enrol-form').waitFor()
  })

  it('a campus staff account created by the admin sees only its campus, its own figures whole', async () => {
    // The admin creates the account.
    await logInAt(page, '/admin/users')
    await page.getByTestId('users-table').waitFor()
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Nouveau compte' }).click()
    const form = page.getByTestId('user-create-form')
    await form.getByLabel('Adresse e-mail').fill(campusStaff.email)
    await form.getByLabel('Nom affiché').fill('Camille Romans')
    await form.getByLabel('Rôle').selectOption({ label: 'équipe d’école' })
    await form.getByLabel('Mot de passe').fill(campusStaff.password)
    await form.getByLabel('Plombiers du numérique Romans-sur-Isère').check()
    await expectNoAxeViolations(page)
    await form.getByRole('button', { name: 'Créer le compte' }).click()
    await page.getByTestId('user-created').waitFor()
    // The notice (with a generated password, shown once) comes first, then the list is read again.
    await expect.poll(() => page.getByTestId('users-table').textContent()).toContain(campusStaff.email)

    // What the admin sees of a small Romans cohort: its rate, unsuppressed.
    await page.goto(`/staff/campuses/${state.romansId}`)
    await page.getByTestId('cohorts-table').waitFor()
    await page.getByLabel('Nom').fill('ROM 2019-1')
    await page.getByRole('button', { name: 'Filtrer' }).click()
    await page.getByRole('link', { name: 'ROM 2019-1' }).click()
    // The campus page has a placement rate too: wait for the cohort page itself.
    await page.waitForURL((url) => url.pathname.startsWith('/staff/cohorts/'))
    await page.getByTestId('placement-rate').waitFor()
    const adminRate = await text(page, 'placement-rate')
    expect(adminRate).toMatch(/^\d+,\d\s%$/)
    const cohortPath = new URL(page.url()).pathname
    await page.getByRole('button', { name: 'Se déconnecter' }).click()
    await page.waitForURL('**/login')

    // The campus staff member: one campus, no administration, no other campus; the campus's own figures
    // whole (its staff keep its records; only staff of other campuses read them from the public release).
    await logIn(page, campusStaff)
    await page.waitForURL((url) => url.pathname === '/staff')
    await page.getByTestId('staff-campuses').waitFor()
    expect(await page.getByTestId('staff-campuses').getByRole('link').allTextContents()).toEqual([
      expect.stringContaining('Plombiers du numérique Romans-sur-Isère'),
    ])
    const nav = page.getByRole('navigation', { name: 'Navigation principale' })
    expect(await nav.getByRole('link', { name: 'Administration' }).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Comptes' }).count()).toBe(0)
    await expectNoAxeViolations(page)

    await page.goto(cohortPath)
    await page.getByTestId('placement-rate').waitFor()
    expect(await text(page, 'placement-rate')).toBe(adminRate)
    await expectNoAxeViolations(page)

    await page.goto('/admin/users')
    await page.waitForURL((url) => url.pathname === '/staff/forbidden')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Accès non autorisé')
    await expectNoAxeViolations(page)

    await page.goto(`/staff/campuses/${state.lyonId}`)
    await page.getByTestId('staff-problem').first().waitFor()
    expect(await page.getByTestId('staff-problem').first().textContent()).toContain('n’a pas le droit')
    expect(await page.getByTestId('cohorts-table').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Nouvelle promotion' }).count()).toBe(0)
  })

  it('the import page shows the dry-run report line by line, then imports once', async () => {
    await logInAt(page, '/staff/import')
    await expectNoAxeViolations(page)
    const header = 'Campus;Cohort;Learner reference;Birth year;Sex;Diploma at entry;Referrer;Applied on;Stage'
    const bad = [
      header,
      `Plombiers du numérique Lyon;${cohortName} (renommée);IMP-001;2001;male;none;mission_locale;10/11/2024;applied`,
      `Plombiers du numérique Lyon;Promotion inconnue;IMP-002;2001;male;none;mission_locale;10/11/2024;applied`,
      `Plombiers du numérique Lyon;${cohortName} (renommée);IMP-003;2001;male;none;mission_locale;31/02/2024;applied`,
    ].join('\n')
    await checkImportFile(page, 'inscriptions.csv', bad)
    await page.getByTestId('import-errors').waitFor()
    expect(await text(page, 'import-summary')).toContain('2 lignes en erreur sur 3 : rien n’a été écrit.')
    const lines = await page.getByTestId('import-errors').locator('tbody tr th').allTextContents()
    expect(lines.map((line) => line.trim())).toEqual(['3', '4'])
    const fields = await page.getByTestId('import-errors').locator('tbody tr td:first-of-type').allTextContents()
    expect(fields.map((field) => field.trim())).toEqual(['Promotion', 'Date de candidature'])
    expect(await page.getByRole('button', { name: 'Importer', exact: true }).isDisabled()).toBe(true)
    await expectNoAxeViolations(page)
    await screenshot(page, 'staff import dry-run report')

    const good = [
      header,
      `Plombiers du numérique Lyon;${cohortName} (renommée);IMP-001;2001;male;none;mission_locale;10/11/2024;applied`,
    ].join('\n')
    await checkImportFile(page, 'inscriptions.csv', good)
    await page.getByText('1 ligne valide : vous pouvez importer le fichier.').waitFor()
    const importButton = page.getByRole('button', { name: 'Importer', exact: true })
    await importButton.dblclick()
    await page.getByText('Import terminé : 1 ligne enregistrée.').waitFor()
    expect(await importButton.isDisabled()).toBe(true)

    // Imported once, whatever the double click.
    const headers = await loginHeaders(api.url)
    const learners = (await (
      await fetch(`${api.url}/api/v1/learners?q=IMP-001&campusId=${state.lyonId}`, { headers })
    ).json()) as {
      items: unknown[]
    }
    expect(learners.items).toHaveLength(1)
    expect(unexpected([/status of 422/])).toEqual([])
  })

  it('the admin creates an API key and sees it once', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.url })
    await logInAt(page, '/admin/api-keys')
    await page.getByTestId('key-create-form').waitFor()
    await expectNoAxeViolations(page)
    const form = page.getByTestId('key-create-form')
    await form.getByLabel('Nom', { exact: true }).fill('Telenco : embauches des stagiaires')
    await form.getByLabel('Partenaire').selectOption({ label: 'Telenco' })
    await form.getByLabel(/Écrire les situations/).check()
    await form.getByRole('button', { name: 'Créer la clé' }).click()

    const secretBox = page.getByTestId('api-key-secret')
    await secretBox.waitFor()
    const key = await secretBox.getByLabel('Clé secrète').inputValue()
    expect(key).toMatch(/^trj_[\w-]{8}_[\w-]{43}$/)
    expect(await secretBox.textContent()).toContain('elle ne sera plus jamais affichée')
    await secretBox.getByRole('button', { name: 'Copier la clé' }).click()
    await page.getByText('Clé copiée dans le presse-papiers.').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key)
    await expectNoAxeViolations(page)
    await screenshot(page, 'staff api key shown once')

    // The key works, and its secret is never shown again.
    const me = await fetch(`${api.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } })
    expect(me.status).toBe(200)
    await secretBox.getByRole('button', { name: 'J’ai conservé la clé' }).click()
    expect(await page.getByTestId('api-key-secret').count()).toBe(0)
    const prefix = key.slice(0, 12)
    await page.reload()
    await page.getByTestId('keys-table').waitFor()
    expect(await page.getByTestId('keys-table').textContent()).toContain(prefix)
    expect(await page.content()).not.toContain(key)

    // Revoking takes a confirmation, then the key is refused.
    const row = page.getByTestId('keys-table').getByRole('row', { name: /Telenco : embauches des stagiaires/ })
    await row.getByRole('button', { name: /Révoquer/ }).click()
    await row.getByRole('button', { name: /Confirmer la révocation/ }).click()
    await page.getByText(`Clé ${prefix} révoquée`).waitFor()
    expect((await fetch(`${api.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401)
    expect(unexpected()).toEqual([])
  })

  it('partners directory and audit log', async () => {
    await logInAt(page, '/staff/partners')
    await page.getByTestId('partners-table').waitFor()
    const telenco = page.getByTestId('partners-table').getByRole('row', { name: /Telenco/ })
    expect(await telenco.textContent()).toContain('Plombiers du numérique Lyon')
    expect(await telenco.textContent()).toContain('mécène')
    await expectNoAxeViolations(page)
    await screenshot(page, 'staff partners')

    await page.goto('/admin/audit')
    await page.getByTestId('audit-table').waitFor()
    await page.getByLabel('Type d’élément').fill('cohort')
    await page.getByRole('button', { name: 'Filtrer' }).click()
    await expect
      .poll(async () =>
        (await page.getByTestId('audit-table').locator('tbody tr').allTextContents()).every((row) =>
          row.includes('Promotion'),
        ),
      )
      .toBe(true)
    expect(await page.getByTestId('audit-table').textContent()).toContain(demoAdmin.email)
    await expectNoAxeViolations(page)
    expect(unexpected()).toEqual([])
  })
})
