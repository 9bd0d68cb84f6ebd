import { afterAll, beforeAll } from 'vitest'
import { sql } from 'drizzle-orm'
import { call, createTestApp, type TestContext } from '../../../test/helpers.js'
import { seed } from '../../db/seed.js'
import { cohorts, tracks } from '../../db/schema/index.js'

export let t: TestContext

/** The article’s network, a track and three cohorts: what the imported files name. */
export async function prepareRecords(context: TestContext) {
  await seed(context.database.db)
  const db = context.database.db
  const [track] = await db
    .insert(tracks)
    .values({
      name: 'Câbleur raccordeur',
      searchKey: 'cableur raccordeur',
      hours: 250,
      components: ['technical_platform'],
    })
    .returning()
  const lyon = (await call(context.admin, { method: 'GET', url: '/api/v1/campuses?q=lyon' })).data.items[0]
  const romans = (await call(context.admin, { method: 'GET', url: '/api/v1/campuses?q=romans' })).data.items[0]
  await db.insert(cohorts).values([
    {
      campusId: lyon.id,
      trackId: track!.id,
      name: 'Lyon 2019-1',
      searchKey: 'lyon 2019-1',
      startDate: '2019-01-07',
      endDate: '2019-04-05',
      plannedSeats: 15,
      status: 'completed',
    },
    {
      campusId: lyon.id,
      trackId: track!.id,
      name: 'Lyon 2019-2',
      searchKey: 'lyon 2019-2',
      startDate: '2019-03-04',
      endDate: '2019-06-07',
      plannedSeats: 15,
      status: 'completed',
    },
    {
      campusId: romans.id,
      trackId: track!.id,
      name: 'Romans 2019-1',
      searchKey: 'romans 2019-1',
      startDate: '2019-02-04',
      endDate: '2019-06-28',
      plannedSeats: 12,
      status: 'completed',
    },
  ])
}

export const importFile = (
  kind: string,
  body: string,
  options: { dryRun?: boolean; key?: string; type?: string } = {},
) =>
  call(t.admin, {
    method: 'POST',
    url: `/api/v1/imports/${kind}${options.dryRun ? '?dryRun=true' : ''}`,
    payload: body,
    headers: {
      'content-type': options.type ?? 'text/csv',
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
  })

export const count = async (table: string) =>
  Number(
    (
      (await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as {
        rows: Array<{ n: number }>
      }
    ).rows[0]!.n,
  )

// A French spreadsheet export: BOM, semicolons, dd/mm/yyyy dates, oui/non, a header in words.
export const enrolmentsCsv = [
  '\uFEFFCampus;Cohort;Learner reference;Birth year;Sex;QPV resident;QPV list version;Diploma at entry;Referrer;Applied on;Stage;Integration confirmed on;Exit date;Exit reason',
  'Plombiers du numérique Lyon;Lyon 2019-1;LYO-001;2000;female;oui;2015;none;mission_locale;03/12/2018;completed;21/01/2019;05/04/2019;completed',
  'Plombiers du numérique Lyon;Lyon 2019-1;LYO-002;1999;male;non;2015;cap_bep;france_travail;04/12/2018;withdrawn;21/01/2019;15/02/2019;dropout',
  'plombiers du numerique lyon;lyon 2019-1;LYO-003;2001;male;;;none;self;2018-12-05;in_training;2019-01-21;;',
].join('\r\n')

/** Before the file’s tests: the records the imported files name (prepareRecords); after them, the app closed. */
export function useImportScenario(): void {
  beforeAll(async () => {
    t = await createTestApp()
    await prepareRecords(t)
  })
  afterAll(() => t.close())
}
