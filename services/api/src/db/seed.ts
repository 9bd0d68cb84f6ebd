import { campusesService } from '../modules/campuses/index.js'
import { consortiumService } from '../modules/consortium/index.js'
import { organisationsService } from '../modules/organisations/index.js'
import { repositoriesOf } from '../modules/repositories.js'
import type { Database } from './client.js'
import { seedDemo, type DemoReport } from './seed-demo.js'
import { articleCampuses, articleDate, articleMemberships, articleOrganisations } from './seed-data.js'

export interface SeedReport {
  organisations: number
  campuses: number
  memberships: number
}

/** The id of each named record, created first when no record has that name yet. */
async function idsByName<T extends { name: string }>(
  inputs: readonly T[],
  findByName: (name: string) => Promise<{ id: string } | undefined>,
  create: (input: T) => Promise<void>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  for (const input of inputs) {
    let row = await findByName(input.name)
    if (!row) {
      await create(input)
      row = await findByName(input.name)
    }
    ids.set(input.name, row!.id)
  }
  return ids
}

/**
 * Loads the network from the source article. Idempotent: records are matched by name, and only
 * what is missing is created, so running it twice changes nothing.
 */
export async function seed(db: Database): Promise<SeedReport> {
  const repositories = repositoriesOf(db)
  const services = {
    organisations: organisationsService({ db, repositories }),
    campuses: campusesService({ db, repositories }),
    consortium: consortiumService({ db, repositories }),
  }
  const report: SeedReport = { organisations: 0, campuses: 0, memberships: 0 }

  const organisationIds = await idsByName(
    articleOrganisations,
    (name) => repositories.organisations.findByName(name),
    async (input) => {
      await services.organisations.create(input, 'source_article')
      report.organisations++
    },
  )
  const campusIds = await idsByName(
    articleCampuses,
    (name) => repositories.campuses.findByName(name),
    async (input) => {
      await services.campuses.create(input, 'source_article')
      report.campuses++
    },
  )

  for (const m of articleMemberships) {
    const campusId = campusIds.get(m.campus)!
    const organisationId = organisationIds.get(m.organisation)!
    const existing = await repositories.memberships.overlapping(campusId, organisationId, articleDate, null, undefined)
    if (existing.length > 0) continue
    await services.consortium.create(
      campusId,
      { organisationId, roles: m.roles, validFrom: articleDate },
      'source_article',
    )
    report.memberships++
  }
  return report
}

/**
 * Seeds only a database with no campus at all (the first start of the embedded demo): the
 * article's network, then the demonstration records (provenance `demo`).
 */
export async function seedIfEmpty(db: Database): Promise<(SeedReport & { demo: DemoReport }) | undefined> {
  if ((await repositoriesOf(db).campuses.count()) > 0) return undefined
  const report = await seed(db)
  return { ...report, demo: await seedDemo(db) }
}
