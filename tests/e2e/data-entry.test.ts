import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectNoAxeViolations } from './support/axe'
import { screenshot, screenshotDir } from './support/browser'
import { checkImportFile } from './support/import-files'
import { browserSuite } from './support/pages'
import { demoAdmin, loginHeaders, type RunningApi } from './support/server'

/**
 * Data entry as campus staff do it, in a real Chromium against the seeded demo network: correcting
 * the outcome a learner's checkpoint counts, and importing a CSV written in French.
 */

let api: RunningApi
let page: Page
let problems: string[]
let headers: Record<string, string>

browserSuite(
  {
    apiTimeoutMs: 400_000,
    startTimeoutMs: 900_000,
    viewport: { width: 1280, height: 900 },
    screenshotPrefix: 'data entry ',
  },
  (session) => ({ page, problems } = session),
  (both) => ({ api } = both),
)

beforeAll(async () => {
  headers = await loginHeaders(api.url)
}, 900_000)

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${api.url}/api/v1${path}`, { headers })
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`)
  return (await res.json()) as T
}

async function logInAt(p: Page, path: string) {
  await p.goto(`/login?redirect=${encodeURIComponent(path)}`)
  await p.getByLabel('Adresse e-mail').fill(demoAdmin.email)
  await p.getByLabel('Mot de passe').fill(demoAdmin.password)
  await p.getByRole('button', { name: 'Se connecter' }).click()
  await p.waitForURL((url) => url.pathname === path)
}

const text = async (p: Page, testId: string) => ((await p.getByTestId(testId).textContent()) ?? '').trim()

interface Observation {
  id: string
  situation: string
  checkpoint: string
  current: boolean
  supersededBy: string | null
}
interface History {
  current: Record<'exit' | 'm6' | 'm12', Observation | null>
  items: Observation[]
}

describe('data entry', { timeout: 240_000 }, () => {
  it('a correction in the outcome grid replaces the counted situation and changes the rate', async () => {
    // A demo learner of a past cohort, in the statistics' population, counted as employed six months
    // after exit by their only six-month observation.
    const cohorts = await get<{ items: Array<{ id: string; startDate: string }> }>(
      '/cohorts?status=completed&limit=100',
    )
    let target: { cohortId: string; enrolmentId: string; reference: string } | undefined
    for (const cohort of cohorts.items.filter((c) => c.startDate < '2025-01-01')) {
      const enrolments = await get<{
        items: Array<{
          id: string
          exitReason: string | null
          integrationConfirmedOn: string | null
          learner: { reference: string }
        }>
      }>(`/enrolments?cohortId=${cohort.id}&limit=100`)
      for (const enrolment of enrolments.items) {
        if (enrolment.exitReason !== 'completed' || !enrolment.integrationConfirmedOn) continue
        const history = await get<History>(`/enrolments/${enrolment.id}/observations?checkpoint=m6`)
        const current = history.items.filter((o) => o.current)
        if (current.length === 1 && history.current.m6?.situation === 'employed') {
          target = { cohortId: cohort.id, enrolmentId: enrolment.id, reference: enrolment.learner.reference }
          break
        }
      }
      if (target) break
    }
    expect(target).toBeDefined()
    const { cohortId, enrolmentId, reference } = target!
    const before = (await get<History>(`/enrolments/${enrolmentId}/observations`)).current.m6!

    await logInAt(page, `/staff/cohorts/${cohortId}`)
    const counted = page.getByTestId('counted-outcomes')
    await counted.waitFor()
    const cell = counted.locator(`tr[data-reference="${reference}"] td[data-checkpoint="m6"]`)
    await expect
      .poll(() => cell.getByTestId('counted-situation').textContent(), { timeout: 30_000 })
      .toMatch(/^En emploi/)
    await page.getByTestId('placement-rate').waitFor()
    const rateBefore = await text(page, 'placement-rate')
    await expectNoAxeViolations(page)

    // « Corriger » copies the counted situation into the grid, as a correction of it.
    await cell.getByRole('button', { name: `Corriger la situation « À 6 mois » de ${reference}` }).click()
    await expect.poll(() => page.locator('#grid-0-reference').inputValue()).toBe(reference)
    expect(await page.locator('#grid-0-checkpoint').inputValue()).toBe('À 6 mois')
    expect(await page.locator('#grid-0-situation').inputValue()).toBe('En emploi')
    expect(await page.getByTestId('grid-row-correcting').count()).toBe(1)
    // The learner was in fact looking for a job.
    await page.locator('#grid-0-situation').fill('En recherche d’emploi')
    for (const column of ['contractType', 'contractMonths', 'inFibreSector'])
      await page.locator(`#grid-0-${column}`).fill('')
    await page.locator('#grid-0-source').fill('Justificatif')
    await expect.poll(() => page.getByTestId('cell-error').count()).toBe(0)
    await expectNoAxeViolations(page)
    await screenshot(page, 'staff outcome grid correcting a counted situation')
    await page.getByRole('button', { name: 'Enregistrer les situations' }).click()
    await expect.poll(() => page.getByTestId('grid-row-saved').count()).toBe(1)
    expect(await text(page, 'grid-status')).toBe('1 situation enregistrée, 0 ligne à corriger.')

    // The counted situation and the cohort's rate follow the correction; the history keeps the first entry.
    // The page reloads the cohort's records after a save (generous limits: the machine is shared).
    await expect
      .poll(() => cell.getByTestId('counted-situation').textContent(), { timeout: 30_000 })
      .toBe('En recherche d’emploi')
    await expect.poll(() => text(page, 'placement-rate'), { timeout: 30_000 }).not.toBe(rateBefore)
    // The picture of the README (docs/screenshots/staff-outcome-correction.png): counted situations and the grid.
    mkdirSync(screenshotDir, { recursive: true })
    await page
      .locator('.outcome-grid .table-scroll')
      .last()
      .evaluate((element) => (element.scrollLeft = 0))
    await page.locator('.outcome-grid').screenshot({ path: join(screenshotDir, 'staff-outcome-correction.png') })
    const parse = (rate: string) => Number(rate.replace(/[^\d,]/g, '').replace(',', '.'))
    expect(parse(await text(page, 'placement-rate'))).toBeLessThan(parse(rateBefore))
    const after = await get<History>(`/enrolments/${enrolmentId}/observations`)
    expect(after.current.m6?.situation).toBe('job_seeking')
    expect(after.items.find((o) => o.id === before.id)).toMatchObject({
      current: false,
      supersededBy: after.current.m6!.id,
    })
    expect(problems).toEqual([])
  })

  it('a French CSV from the template, with dd/mm/yyyy dates, French labels and a campus short name, imports', async () => {
    const fr = (iso: string) => iso.split('-').reverse().join('/')
    const addMonths = (iso: string, months: number) => {
      const d = new Date(`${iso}T00:00:00Z`)
      d.setUTCMonth(d.getUTCMonth() + months)
      return d.toISOString().slice(0, 10)
    }
    // A completed Chelles cohort of the demo network, and one of its learners past the six-month checkpoint.
    const campuses = await get<{ items: Array<{ id: string; name: string }> }>('/campuses?limit=100')
    const chelles = campuses.items.find((c) => c.name.endsWith('Chelles'))!
    const cohorts = await get<{ items: Array<{ id: string; name: string; startDate: string }> }>(
      `/cohorts?campusId=${chelles.id}&status=completed&limit=100`,
    )
    // Its six-month checkpoint is past: a year after exit.
    const yearAgo = addMonths(new Date().toISOString().slice(0, 10), -12)
    let cohort: { id: string; name: string; startDate: string } | undefined
    let exited: { exitDate: string | null; learner: { reference: string } } | undefined
    for (const candidate of cohorts.items) {
      const enrolments = await get<{ items: Array<{ exitDate: string | null; learner: { reference: string } }> }>(
        `/enrolments?cohortId=${candidate.id}&limit=100`,
      )
      exited = enrolments.items.find((e) => e.exitDate && e.exitDate < yearAgo)
      if (exited) {
        cohort = candidate
        break
      }
    }
    if (!cohort || !exited) throw new Error('no Chelles learner exited a year ago in the demo data')
    await logInAt(page, '/staff/import')
    // A real link to the import documentation, and a French template per kind of file.
    expect(await page.getByTestId('import-docs').getAttribute('href')).toBe('/api/docs#/Imports/importRecords')
    const template = async (kind: string) => {
      const link = page.getByTestId(`template-${kind}`)
      expect(await link.getAttribute('download')).toMatch(/^modele-.*\.csv$/)
      const href = (await link.getAttribute('href'))!
      return decodeURIComponent(href.slice(href.indexOf(',') + 1))
    }
    const enrolmentHeader = (await template('enrolments')).replace(/^\uFEFF/, '').split('\r\n')[0]!
    expect(enrolmentHeader).toMatch(/^École;Promotion;Référence apprenant·e;Année de naissance;Sexe;/)
    const outcomeHeader = (await template('outcomes')).replace(/^\uFEFF/, '').split('\r\n')[0]!
    expect(outcomeHeader).toBe(
      'École;Promotion;Référence apprenant·e;Point de suivi;Observée le;Situation;Contrat;Durée (mois);Employeur;Secteur fibre;Source',
    )
    await expectNoAxeViolations(page)

    // Enrolments, written the way the template says, the campus by its short name.
    const startYear = Number(cohort.startDate.slice(0, 4))
    const appliedOn = fr(addMonths(cohort.startDate, -2))
    const columns = enrolmentHeader.split(';')
    const line = (values: Record<string, string>) => columns.map((c) => values[c] ?? '').join(';')
    const enrolmentsCsv = [
      enrolmentHeader,
      line({
        École: 'Chelles',
        Promotion: cohort.name,
        'Référence apprenant·e': 'CSV-FR-001',
        'Année de naissance': String(startYear - 20),
        Sexe: 'Femme',
        'Diplôme à l’entrée': 'Aucun diplôme',
        'Orienté·e par': 'Mission locale',
        'Date de candidature': appliedOn,
        Étape: 'Candidature',
      }),
      line({
        École: 'CHELLES',
        Promotion: cohort.name,
        'Référence apprenant·e': 'CSV-FR-002',
        'Année de naissance': String(startYear - 22),
        Sexe: 'homme',
        'Diplôme à l’entrée': 'cap / bep',
        'Orienté·e par': 'france travail',
        'Date de candidature': appliedOn,
        Étape: 'Liste d’attente',
        'Date de l’étape': appliedOn,
      }),
    ].join('\r\n')
    const file = page.getByLabel('Fichier', { exact: true })
    await file.setInputFiles({
      name: 'inscriptions.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${enrolmentsCsv}`),
    })
    // The progress of the upload shows while the file is sent and checked.
    await page.evaluate(() => {
      const flag = window as unknown as { progressSeen: boolean }
      flag.progressSeen = false
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="import-progress"]')) flag.progressSeen = true
      }).observe(document.body, { childList: true, subtree: true })
    })
    await page.getByRole('button', { name: 'Vérifier le fichier (sans rien écrire)' }).click()
    await page.getByText('2 lignes valides : vous pouvez importer le fichier.').waitFor()
    expect(await page.evaluate(() => (window as unknown as { progressSeen: boolean }).progressSeen)).toBe(true)
    expect(await text(page, 'import-checked')).toMatch(/^2 lignes vérifiées en /)
    await page.getByRole('button', { name: 'Importer', exact: true }).click()
    await page.getByText('Import terminé : 2 lignes enregistrées.').waitFor()

    // Outcomes with French labels; a wrong one is explained in French, in the template's words.
    const m6 = fr(addMonths(exited.exitDate!, 6))
    const outcomes = (situation: string) =>
      [
        outcomeHeader,
        `Chelles;${cohort.name};${exited.learner.reference};À 6 mois;${m6};${situation};Contrat d’apprentissage;24;;Oui;Partenaire (mission locale, France Travail…)`,
      ].join('\n')
    await page.getByLabel('Situations observées (sortie, 6 mois, 12 mois)').check()
    await checkImportFile(page, 'situations.csv', outcomes('En stage'))
    await page.getByTestId('import-errors').waitFor()
    expect(await page.getByTestId('import-error-column').allTextContents()).toEqual(['Situation'])
    expect(await page.getByTestId('import-errors').locator('tbody td').nth(1).textContent()).toContain(
      'Valeur non reconnue : utilisez un libellé du modèle',
    )
    await expectNoAxeViolations(page)
    await screenshot(page, 'staff import a French file with a wrong label')
    await checkImportFile(page, 'situations.csv', outcomes('EN ALTERNANCE'))
    await page.getByText('1 ligne valide : vous pouvez importer le fichier.').waitFor()
    await page.getByRole('button', { name: 'Importer', exact: true }).click()
    await page.getByText('Import terminé : 1 ligne enregistrée.').waitFor()
    await screenshot(page, 'staff import a French file imported')

    const learners = await get<{ items: Array<{ reference: string }> }>(`/learners?q=CSV-FR&campusId=${chelles.id}`)
    expect(learners.items.map((l) => l.reference).sort()).toEqual(['CSV-FR-001', 'CSV-FR-002'])
    expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([])
  })
})
