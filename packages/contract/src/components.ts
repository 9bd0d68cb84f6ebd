import { ValidationIssue, Problem } from './common/problem.js'
import { Health, Readiness } from './health.js'
import { Organisation, OrganisationCreate, OrganisationPage, OrganisationUpdate } from './organisations.js'
import { Campus, CampusCreate, CampusPage, CampusUpdate } from './campuses.js'
import {
  Consortium,
  Membership,
  MembershipCampus,
  MembershipCreate,
  MembershipList,
  MembershipOrganisation,
  MembershipUpdate,
} from './consortium.js'

import { tracksSchemas } from './tracks.js'
import { cohortsSchemas } from './cohorts.js'
import { learnersSchemas } from './learners.js'
import { enrolmentsSchemas } from './enrolments.js'
import { outcomesSchemas } from './outcomes.js'
import { importsSchemas } from './imports.js'
import { accessSchemas } from './access.js'
import { statsSchemas } from './stats.js'
import { openDataSchemas } from './open-data.js'
import { selfReportsSchemas } from './self-reports.js'

/** Every named schema, registered once with Fastify and published under `components.schemas`. */
export const componentSchemas = [
  ValidationIssue,
  Problem,
  Health,
  Readiness,
  Organisation,
  OrganisationCreate,
  OrganisationUpdate,
  OrganisationPage,
  Campus,
  CampusCreate,
  CampusUpdate,
  CampusPage,
  MembershipOrganisation,
  MembershipCampus,
  Membership,
  MembershipCreate,
  MembershipUpdate,
  MembershipList,
  Consortium,
  ...tracksSchemas,
  ...cohortsSchemas,
  ...learnersSchemas,
  ...enrolmentsSchemas,
  ...outcomesSchemas,
  ...importsSchemas,
  ...accessSchemas,
  ...statsSchemas,
  ...openDataSchemas,
  ...selfReportsSchemas,
]
