import { apiKeysModule } from './api-keys/index.js'
import { auditModule } from './audit/index.js'
import { authModule } from './auth/index.js'
import { campusesModule } from './campuses/index.js'
import { cohortsModule } from './cohorts/index.js'
import { consortiumModule } from './consortium/index.js'
import { enrolmentsModule, internshipsModule } from './enrolments/index.js'
import { importsModule } from './imports/index.js'
import { learnersModule } from './learners/index.js'
import type { Module } from './module.js'
import { openDataModule } from './open-data/index.js'
import { organisationsModule } from './organisations/index.js'
import { outcomesModule } from './outcomes/index.js'
import { selfReportsModule } from './self-reports/index.js'
import { statsModule } from './stats/index.js'
import { tracksModule } from './tracks/index.js'
import { usersModule } from './users/index.js'

/** Every module of the API, registered in this order under `/api/v1` (see `ModuleContext`). */
export const modules: readonly Module[] = [
  authModule,
  usersModule,
  apiKeysModule,
  auditModule,
  organisationsModule,
  campusesModule,
  consortiumModule,
  tracksModule,
  cohortsModule,
  learnersModule,
  enrolmentsModule,
  internshipsModule,
  outcomesModule,
  importsModule,
  statsModule,
  openDataModule,
  selfReportsModule,
]
