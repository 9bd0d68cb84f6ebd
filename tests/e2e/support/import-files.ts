/**
 * Campus spreadsheets of any size for import tests and benches: one cohort of learners who all
 * completed, their enrolments, and an exit and a six-month observation each (French CSV, `;`,
 * dd/mm/yyyy dates, BOM, CRLF), as a campus exports them.
 */
import type { Page } from 'playwright-core'

export interface GeneratedCohort {
  /** Campus name as the import matches it. */
  campus: string
  /** Name of an existing cohort of that campus, running 2024-01-08 to 2024-04-05. */
  cohort: string
  /** Prefix of the learner references, unique per run. */
  prefix: string
}

/** The cohort's dates, for creating it before importing. */
export const generatedCohortDates = { startDate: '2024-01-08', endDate: '2024-04-05' } as const

const reference = (prefix: string, n: number) => `${prefix}-${String(n).padStart(6, '0')}`

/** `learners` completed enrolments (learners created by the import). */
export function enrolmentsCsv({ campus, cohort, prefix }: GeneratedCohort, learners: number): string {
  const lines = [
    'Campus;Cohort;Learner reference;Birth year;Sex;Diploma at entry;Referrer;Applied on;Stage;Integration confirmed on;Exit date;Exit reason',
  ]
  for (let n = 1; n <= learners; n++) {
    lines.push(
      `${campus};${cohort};${reference(prefix, n)};${1996 + (n % 7)};${n % 3 === 0 ? 'female' : 'male'};none;mission_locale;01/12/2023;completed;15/01/2024;05/04/2024;completed`,
    )
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/**
 * `rows` outcome observations (an exit and a six-month one per learner, so `rows / 2` learners);
 * three in four six-month observations are jobs. `badLines` are data line numbers (2 = first
 * data line) made invalid: a date outside the checkpoint's window.
 */
export function outcomesCsv(
  { campus, cohort, prefix }: GeneratedCohort,
  rows: number,
  badLines: number[] = [],
  /** One source for every line: the same observations otherwise, so not duplicates of the usual file's. */
  source?: string,
): string {
  const lines = [
    'Campus;Cohort;Learner reference;Checkpoint;Observed on;Situation;Contract type;In fibre sector;Source',
  ]
  const bad = new Set(badLines)
  for (let i = 0; i < rows; i++) {
    const learner = reference(prefix, Math.floor(i / 2) + 1)
    const line = i + 2
    if (i % 2 === 0) {
      const observed = bad.has(line) ? '05/09/2024' : '10/04/2024'
      lines.push(`${campus};${cohort};${learner};exit;${observed};job_seeking;;;${source ?? 'self_declared'}`)
    } else {
      const observed = bad.has(line) ? '05/04/2025' : '07/10/2024'
      const job = i % 8 !== 7
      lines.push(
        `${campus};${cohort};${learner};m6;${observed};${job ? 'employed;cdi;oui' : 'job_seeking;;'};${source ?? 'employer_confirmed'}`,
      )
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** On the staff import page: chooses `csv` as the file (named `name`) and asks for its dry run. */
export async function checkImportFile(page: Page, name: string, csv: string): Promise<void> {
  await page
    .getByLabel('Fichier', { exact: true })
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByRole('button', { name: 'Vérifier le fichier (sans rien écrire)' }).click()
}
