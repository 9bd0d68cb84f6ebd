import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { createClient, type TrajectoiresClient } from '@trajectoires/client'
import { expectNoAxeViolations } from './support/axe'
import { french, monthsAgo } from './support/dates'
import { launchBrowser, screenshot, screenshotDir, watchPage } from './support/browser'
import { demoAdmin, loginHeaders, startApi, type RunningApi } from './support/server'

/**
 * Learners answer their own follow-up: staff create invitations for a cohort and get a sheet of
 * codes, a learner opens one link on a phone-sized screen and answers without an account, and the
 * cohort's page shows the answer; the code then fails, and a wrong code learns nothing.
 */

let api: RunningApi
let browser: Browser
let client: TrajectoiresClient
let cohort: { id: string; name: string }

const references = ['SUIVI-E2E-1', 'SUIVI-E2E-2', 'SUIVI-E2E-3']

beforeAll(async () => {
  api = await startApi({ timeoutMs: 400_000 })
  browser = await launchBrowser()
  client = createClient({ baseUrl: api.url, headers: await loginHeaders(api.url) })
  // A Lyon cohort whose learners left six months ago: their m6 follow-up is due, its window open.
  const lyon = (await client.listCampuses({ q: 'lyon' })).items[0]!
  const track = (await client.listTracks({ limit: 1 })).items[0]!
  const exit = monthsAgo(6)
  const start = monthsAgo(9)
  const created = await client.createCohort({
    campusId: lyon.id,
    trackId: track.id,
    name: 'Lyon – suivi par questionnaire e2e',
    startDate: start,
    endDate: exit,
    plannedSeats: 12,
    status: 'completed',
  })
  cohort = { id: created.data.id, name: created.data.name }
  const lines = [
    'campus;cohort;learnerReference;birthYear;sex;diplomaAtEntry;referrer;appliedOn;stage;integrationConfirmedOn;exitDate;exitReason',
    ...references.map(
      (reference) =>
        `${lyon.name};${cohort.name};${reference};2001;female;none;mission_locale;${french(monthsAgo(10))};completed;${french(monthsAgo(9, -7))};${french(exit)};completed`,
    ),
  ]
  const imported = await client.importRecords('enrolments', lines.join('\r\n'), { format: 'csv' })
  expect(imported).toMatchObject({ committed: true, written: { enrolments: 3 } })
}, 900_000)

afterAll(async () => {
  await browser?.close()
  await api?.stop()
})

const text = async (p: Page, testId: string) => ((await p.getByTestId(testId).first().textContent()) ?? '').trim()

async function staffCohortPage(): Promise<Page> {
  const context = await browser.newContext({
    baseURL: api.url,
    locale: 'fr-FR',
    viewport: { width: 1280, height: 900 },
  })
  const page = await context.newPage()
  const path = `/staff/cohorts/${cohort.id}`
  await page.goto(`/login?redirect=${encodeURIComponent(path)}`)
  await page.getByLabel('Adresse e-mail').fill(demoAdmin.email)
  await page.getByLabel('Mot de passe').fill(demoAdmin.password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.waitForURL((url) => url.pathname === path)
  await page.getByTestId('follow-ups').waitFor()
  await page.getByTestId('placement-rate').waitFor()
  return page
}

describe('self-reports', { timeout: 300_000 }, () => {
  it('staff invite a cohort, a learner answers on a phone, the cohort page shows it, the code then fails', async () => {
    // Staff: the three learners are due at m6, nobody invited yet.
    const staff = await staffCohortPage()
    const staffProblems = watchPage(staff)
    const rateBefore = await text(staff, 'placement-rate')
    expect(await staff.getByTestId('follow-up-invitation').allTextContents()).toEqual(['—', '—', '—'])

    const form = staff.getByTestId('invitations-form')
    await form.getByLabel('Point de suivi').selectOption('m6')
    await form.getByLabel('Contact affiché à l’apprenant·e').fill('Équipe insertion, 04 72 00 00 00')
    await form.getByRole('button', { name: 'Créer les invitations' }).click()
    await staff.getByTestId('invitation-sheet').waitFor()
    expect(await staff.getByTestId('invitation-reference').allTextContents()).toEqual(references)
    expect(await staff.getByTestId('invitation-card').getByRole('img').count()).toBe(3)
    const links = await staff.getByTestId('invitation-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))
    for (const link of links) expect(link).toMatch(new RegExp(`^${api.url}/suivi#[A-Z2-7]{26}$`))
    await staff.getByTestId('invitations').waitFor()
    await expect
      .poll(() => staff.getByTestId('follow-up-invitation').allTextContents())
      .toEqual(['Envoyée, en attente', 'Envoyée, en attente', 'Envoyée, en attente'])
    await expectNoAxeViolations(staff)
    await screenshot(staff, 'self-report staff sheet')
    expect(staffProblems).toEqual([])

    // The learner, on a phone, with the first link.
    const phone = await browser.newContext({
      locale: 'fr-FR',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    })
    const learner = await phone.newPage()
    const problems = watchPage(learner)
    const requested: string[] = []
    learner.on('request', (request) => requested.push(request.url()))
    const code = links[0]!.split('#')[1]!
    await learner.goto(links[0]!)
    await learner
      .getByRole('heading', { level: 1, name: 'Bonjour ! Plombiers du numérique Lyon prend de vos nouvelles.' })
      .waitFor()
    expect(new URL(learner.url()).hash).toBe('') // the code leaves the address bar at once
    expect(await learner.getByText('Six mois après votre formation, que faites-vous aujourd’hui ?').count()).toBe(1)
    expect(await text(learner, 'self-report-contact')).toBe('Équipe insertion, 04 72 00 00 00')
    expect(await learner.content()).not.toContain(references[0])
    expect(await learner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await expectNoAxeViolations(learner)

    // Answering: a fixed-term job in fibre, six months.
    await learner.getByRole('group', { name: 'Votre situation aujourd’hui' }).getByLabel('J’ai un emploi').check()
    await learner.getByRole('group', { name: 'Votre contrat' }).getByLabel('CDD', { exact: true }).check()
    await learner.getByLabel('Durée du contrat, en mois').fill('6')
    // Since when: a month ago (stored as the observation's startedOn).
    await learner.getByLabel('Depuis quand ?').fill(monthsAgo(1))
    await learner
      .getByRole('group', { name: 'Est-ce dans la fibre optique ou les télécoms ?' })
      .getByLabel('Oui')
      .check()
    expect(await learner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await expectNoAxeViolations(learner)
    // At one pixel per CSS pixel: the picture of docs/self-report.md (docs/screenshots/self-report-phone.png).
    mkdirSync(screenshotDir, { recursive: true })
    await learner.screenshot({ path: join(screenshotDir, 'self-report-phone.png'), fullPage: true, scale: 'css' })
    await learner.getByRole('button', { name: 'Envoyer ma réponse' }).click()
    await learner.locator('[data-testid="self-report-done"], .self-report__error--shown').first().waitFor()
    expect(await text(learner, 'self-report-error')).toBe('')
    expect(await learner.getByRole('heading', { level: 1 }).textContent()).toBe('Merci, votre réponse est enregistrée.')
    await expectNoAxeViolations(learner)
    // The code went in request bodies only, never in a URL.
    expect(requested.filter((url) => url.includes(code))).toEqual([])
    expect(problems).toEqual([])

    // The same link again: used.
    await learner.goto(links[0]!)
    await expect
      .poll(() => text(learner, 'self-report-error'))
      .toBe('Ce code a déjà servi : une réponse a été enregistrée avec lui. Merci !')
    expect(await learner.getByTestId('self-report-form').count()).toBe(0)

    // A wrong code: nothing but "not recognised", and no campus named.
    await learner.goto(`${api.url}/suivi#AAAAAAAAAAAAAAAAAAAAAAAAAA`)
    await expect
      .poll(() => text(learner, 'self-report-error'))
      .toBe('Ce code n’est pas reconnu. Vérifiez-le, ou demandez un nouveau lien à votre école.')
    expect(await learner.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Bonjour ! Votre école prend de vos nouvelles.',
    )
    expect(await learner.getByLabel('Code reçu de votre école').count()).toBe(1)
    await expectNoAxeViolations(learner)
    await phone.close()

    // Staff: the answer is there, the learner left the follow-ups due, the rate moved.
    await staff.reload()
    await staff.getByTestId('follow-ups').waitFor()
    await staff.getByTestId('invitations').waitFor()
    const answered = staff.getByTestId('invitations').locator('tr[data-status="answered"]')
    expect(await answered.count()).toBe(1)
    expect(await answered.getByRole('rowheader').textContent()).toBe(references[0])
    const due = await staff.getByTestId('follow-ups').getByRole('rowheader').allTextContents()
    expect(due.sort()).toEqual(references.slice(1))
    const rateAfter = await text(staff, 'placement-rate')
    expect(rateAfter).not.toBe(rateBefore)
    expect(rateAfter).toMatch(/^33,3\s%$/)
    await staff.context().close()
  })
})
