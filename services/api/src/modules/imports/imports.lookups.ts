import { eq, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.js'
import { campuses, cohorts, enrolments, learners, organisations } from '../../db/schema/index.js'
import { searchKey } from '../../lib/text.js'
import type { RawRow } from './imports.parse.js'
import { text, type CellIssue } from './imports.values.js'
import { canAccessCampus, currentPrincipal } from '../../lib/access.js'

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface CohortRef {
  id: string
  name: string
  startDate: string
  endDate: string
}

export interface LearnerRef {
  id: string
  birthYear: number
  sex: string
  diplomaAtEntry: string
  referrer: string
  /** Created by this import (not yet in the database when the row was checked). */
  fresh: boolean
}

export interface EnrolmentRef {
  id: string
  learnerId: string
  cohortId: string
  stage: string
  exitDate: string | null
  exitReason: string | null
  startDate: string
  endDate: string
}

/** What one line of a file names, read from its raw cells before the line is checked. */
export interface LineReferences {
  campus: string | null
  cohort: string | null
  learner: string | null
  organisation: string | null
}

/** The natural keys a raw line names (a cell that cannot be read names nothing: its check says why). */
export function lineReferences(row: RawRow): LineReferences {
  const { fields } = row
  return {
    campus: reference(fields.campus),
    cohort: reference(fields.cohort),
    learner: reference(fields.learnerreference, 40),
    organisation: reference(fields.employer),
  }
}

function reference(cell: unknown, max?: number): string | null {
  try {
    return text(cell, max)
  } catch {
    return null
  }
}

/**
 * Natural keys of a spreadsheet resolved to ids. `prepare` loads, for a chunk of lines, what they
 * name and is not known yet: all campuses once, the cohorts of each campus named once, the
 * organisations once if a line names one, and only the learners named by reference (with their
 * enrolments). The getters then answer synchronously. So a 5-line import reads 5 learners however
 * large its campus, and a 100,000-line import reads each of its learners once, a chunk at a time.
 *
 * `reader` may be outside the import's transaction: it only needs what was committed before the
 * import, since the learners and enrolments the file itself creates are added here as they are
 * checked (`addLearner`, `addEnrolment`), never read back from the database.
 */
export function createLookups(reader: Executor) {
  let campusIndex: Map<string, string> | undefined
  let organisationIndex: Map<string, string> | undefined
  const cohortsByCampus = new Map<string, Map<string, CohortRef>>()
  /** By campus, then reference: the learner, or null when the database has none by that reference. */
  const learnersByCampus = new Map<string, Map<string, LearnerRef | null>>()
  /** Enrolments by learner id, loaded with their learner (or added by this import). */
  const enrolmentsByLearner = new Map<string, EnrolmentRef[]>()

  // Rows repeat the same campus and cohort names: their index keys are computed once each.
  const keys = new Map<string, string>()
  const nameKey = (value: string) => {
    let key = keys.get(value)
    if (key === undefined) {
      if (keys.size >= 10_000) keys.clear()
      key = `name:${searchKey(value)}`
      keys.set(value, key)
    }
    return key
  }
  const unprepared = (what: string): never => {
    throw new Error(`import lookups: ${what} was read before prepare()`)
  }
  /** Indexes records by id and by the search key of their name. */
  const indexByIdAndName = <T>(index: Map<string, T>, id: string, name: string, value: T) => {
    index.set(id, value)
    index.set(nameKey(name), value)
  }
  /** A record named by its id or by its name, as a spreadsheet cell does. */
  const byIdOrName = <T>(index: Map<string, T>, value: string): T | undefined =>
    uuidPattern.test(value) ? index.get(value.toLowerCase()) : index.get(nameKey(value))

  function campusId(value: string): string | undefined {
    return byIdOrName(campusIndex ?? unprepared('a campus'), value)
  }

  function organisationId(value: string): string | undefined {
    return byIdOrName(organisationIndex ?? unprepared('an organisation'), value)
  }

  function cohort(campus: string, name: string): CohortRef | undefined {
    return byIdOrName(cohortsByCampus.get(campus) ?? unprepared('a cohort'), name)
  }

  /** The learner of that campus by reference: recorded, created earlier in this file, or undefined. */
  function learner(campus: string, reference: string): LearnerRef | undefined {
    const known = learnersByCampus.get(campus)?.get(reference)
    if (known === undefined) return unprepared(`learner ${reference}`)
    return known ?? undefined
  }

  /** Records a learner created by this import, so that later lines find it. */
  function addLearner(campus: string, reference: string, ref: LearnerRef) {
    let index = learnersByCampus.get(campus)
    if (!index) learnersByCampus.set(campus, (index = new Map()))
    index.set(reference, ref)
  }

  /** The enrolments a learner holds, in the database or earlier in this file. */
  function enrolmentsOf(learnerId: string): readonly EnrolmentRef[] {
    return enrolmentsByLearner.get(learnerId) ?? []
  }

  function addEnrolment(ref: EnrolmentRef) {
    const list = enrolmentsByLearner.get(ref.learnerId)
    if (list) list.push(ref)
    else enrolmentsByLearner.set(ref.learnerId, [ref])
  }

  async function prepare(lines: readonly LineReferences[]): Promise<void> {
    if (!campusIndex) {
      campusIndex = new Map()
      const all = await reader
        .select({ id: campuses.id, name: campuses.name, commune: campuses.commune })
        .from(campuses)
      for (const c of all) indexByIdAndName(campusIndex, c.id, c.name, c.id)
      // A campus's short name is its commune ("Chelles"), when no other campus is in that commune
      // and no campus is named so in full.
      const byCommune = new Map<string, string[]>()
      for (const c of all) byCommune.set(nameKey(c.commune), [...(byCommune.get(nameKey(c.commune)) ?? []), c.id])
      for (const [key, ids] of byCommune) {
        if (ids.length === 1 && !campusIndex.has(key)) campusIndex.set(key, ids[0]!)
      }
    }
    const cohortCampuses = new Set<string>()
    const wanted = new Map<string, Set<string>>()
    let organisationsNamed = false
    for (const line of lines) {
      if (line.organisation) organisationsNamed = true
      const campus = line.campus ? campusId(line.campus) : undefined
      if (!campus) continue
      if (!cohortsByCampus.has(campus)) cohortCampuses.add(campus)
      if (line.learner) {
        let index = learnersByCampus.get(campus)
        if (!index) learnersByCampus.set(campus, (index = new Map()))
        if (!index.has(line.learner)) {
          // Absent until the query below says otherwise: a later chunk's prepare, which may run
          // while this chunk is checked, will not ask for it again.
          index.set(line.learner, null)
          let references = wanted.get(campus)
          if (!references) wanted.set(campus, (references = new Set()))
          references.add(line.learner)
        }
      }
    }

    if (organisationsNamed && !organisationIndex) {
      organisationIndex = new Map()
      for (const o of await reader.select({ id: organisations.id, name: organisations.name }).from(organisations)) {
        indexByIdAndName(organisationIndex, o.id, o.name, o.id)
      }
    }

    if (cohortCampuses.size > 0) {
      for (const campus of cohortCampuses) cohortsByCampus.set(campus, new Map())
      const rows = await reader
        .select({
          id: cohorts.id,
          campusId: cohorts.campusId,
          name: cohorts.name,
          startDate: cohorts.startDate,
          endDate: cohorts.endDate,
        })
        .from(cohorts)
        .where(sql`${cohorts.campusId} = any(${sql.param([...cohortCampuses])}::uuid[])`)
      for (const { campusId: campus, ...c } of rows) {
        indexByIdAndName(cohortsByCampus.get(campus)!, c.id, c.name, c)
      }
    }

    await loadLearners(reader, wanted, learnersByCampus, addEnrolment)
  }

  return { prepare, campusId, organisationId, cohort, learner, addLearner, enrolmentsOf, addEnrolment }
}

/** The lookups of one import (`createLookups`). */
export type Lookups = ReturnType<typeof createLookups>

/**
 * The campus a line names, when the caller may write its records, and the cohort it names there;
 * otherwise the line's issue (no such campus, not the caller's, no such cohort).
 */
export function lineCohort(
  lookups: Lookups,
  campusName: string,
  cohortName: string,
): { issues: CellIssue[] } | { campusId: string; cohort: CohortRef } {
  const campusId = lookups.campusId(campusName)
  if (!campusId)
    return { issues: [{ field: 'campus', code: 'not_found', message: `no campus is named "${campusName}"` }] }
  if (!canAccessCampus(currentPrincipal(), campusId, 'write')) {
    return {
      issues: [{ field: 'campus', code: 'forbidden', message: `you may not write the records of "${campusName}"` }],
    }
  }
  const cohort = lookups.cohort(campusId, cohortName)
  if (!cohort) {
    return { issues: [{ field: 'cohort', code: 'not_found', message: `no cohort "${cohortName}" at that campus` }] }
  }
  return { campusId, cohort }
}

/**
 * The learners named, each with its enrolments, in one query for the whole chunk: the (campus,
 * reference) pairs go as two arrays, each pair found through the unique index on them. One query a
 * campus made an import of a national file (a chunk of 5,000 lines naming 400 campuses) send 400
 * queries a chunk, one after the other (docs/benchmarks.md).
 */
async function loadLearners(
  reader: Executor,
  wanted: ReadonlyMap<string, ReadonlySet<string>>,
  learnersByCampus: Map<string, Map<string, LearnerRef | null>>,
  addEnrolment: (ref: EnrolmentRef) => void,
) {
  const campusIds: string[] = []
  const references: string[] = []
  for (const [campus, named] of wanted) {
    for (const reference of named) {
      campusIds.push(campus)
      references.push(reference)
    }
  }
  if (references.length === 0) return
  const rows = await reader
    .select({
      campusId: learners.campusId,
      id: learners.id,
      reference: learners.reference,
      birthYear: learners.birthYear,
      sex: learners.sex,
      diplomaAtEntry: learners.diplomaAtEntry,
      referrer: learners.referrer,
      enrolmentId: enrolments.id,
      cohortId: enrolments.cohortId,
      stage: enrolments.stage,
      exitDate: enrolments.exitDate,
      exitReason: enrolments.exitReason,
      startDate: cohorts.startDate,
      endDate: cohorts.endDate,
    })
    .from(learners)
    .leftJoin(enrolments, eq(enrolments.learnerId, learners.id))
    .leftJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .where(
      sql`(${learners.campusId}, ${learners.reference}) in (select * from unnest(${sql.param(campusIds)}::uuid[], ${sql.param(references)}::text[]))`,
    )
  for (const r of rows) {
    const index = learnersByCampus.get(r.campusId)!
    if (index.get(r.reference) === null) {
      index.set(r.reference, {
        id: r.id,
        birthYear: r.birthYear,
        sex: r.sex,
        diplomaAtEntry: r.diplomaAtEntry,
        referrer: r.referrer,
        fresh: false,
      })
    }
    if (r.enrolmentId) {
      addEnrolment({
        id: r.enrolmentId,
        learnerId: r.id,
        cohortId: r.cohortId!,
        stage: r.stage!,
        exitDate: r.exitDate,
        exitReason: r.exitReason,
        startDate: r.startDate!,
        endDate: r.endDate!,
      })
    }
  }
}
