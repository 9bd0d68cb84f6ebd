import type { Database } from '../db/client.js'
import { createApiKeysRepository } from './api-keys/api-keys.repository.js'
import { createAuthRepository } from './auth/auth.repository.js'
import { createCampusesRepository } from './campuses/campuses.repository.js'
import { createCohortsRepository } from './cohorts/cohorts.repository.js'
import { createMembershipsRepository } from './consortium/consortium.repository.js'
import { createEnrolmentsRepository } from './enrolments/enrolments.repository.js'
import { createInternshipsRepository } from './enrolments/internships.repository.js'
import { createLearnersRepository } from './learners/learners.repository.js'
import { createOpenDataRepository } from './open-data/open-data.repository.js'
import { createOrganisationsRepository } from './organisations/organisations.repository.js'
import { createOutcomesRepository } from './outcomes/outcomes.repository.js'
import { createSelfReportsRepository } from './self-reports/self-reports.repository.js'
import { createStatsRepository } from './stats/stats.repository.js'
import { createTracksRepository } from './tracks/tracks.repository.js'
import { createUsersRepository } from './users/users.repository.js'

/** The repositories of the app on one database: each built once, shared by every service that reads it. */
function createRepositories(db: Database) {
  return {
    apiKeys: createApiKeysRepository(db),
    auth: createAuthRepository(db),
    campuses: createCampusesRepository(db),
    cohorts: createCohortsRepository(db),
    enrolments: createEnrolmentsRepository(db),
    internships: createInternshipsRepository(db),
    learners: createLearnersRepository(db),
    memberships: createMembershipsRepository(db),
    openData: createOpenDataRepository(db),
    organisations: createOrganisationsRepository(db),
    outcomes: createOutcomesRepository(db),
    selfReports: createSelfReportsRepository(db),
    stats: createStatsRepository(db),
    tracks: createTracksRepository(db),
    users: createUsersRepository(db),
  }
}

export type Repositories = ReturnType<typeof createRepositories>

const built = new WeakMap<Database, Repositories>()

/** The app's repositories on `db`, built on the first call for that database (the app's modules and the seed share them). */
export function repositoriesOf(db: Database): Repositories {
  let repositories = built.get(db)
  if (!repositories) {
    repositories = createRepositories(db)
    built.set(db, repositories)
  }
  return repositories
}
