import type { Campus, CampusCreate, CampusListQuery, CampusUpdate, PageOf } from '@trajectoires/contract'
import type { Database, Executor } from '../../db/client.js'
import { findCommune, type Commune } from '../../lib/communes.js'
import { Conflict, Invalid, NotFound } from '../../lib/errors.js'
import type { IfMatch } from '../../lib/http.js'
import { changesOf, recordAudit } from '../audit/audit.service.js'
import { deleteVersioned, updateVersioned, type VersionedTarget } from '../audit/versioned-write.js'
import { decodeCursor, parseSort, toPage } from '../../lib/pagination.js'
import { searchKey, nameOf } from '../../lib/text.js'
import type { CohortsRepository } from '../cohorts/cohorts.repository.js'
import type { MembershipsRepository } from '../consortium/consortium.repository.js'
import { campusSortSpecs, type CampusesRepository, type CampusRow } from './campuses.repository.js'

function toCampus(row: CampusRow): Campus {
  return {
    id: row.id,
    name: row.name,
    inseeCode: row.inseeCode,
    commune: row.commune,
    departmentCode: row.departmentCode,
    departmentName: row.departmentName,
    regionCode: row.regionCode,
    regionName: row.regionName,
    latitude: row.latitude,
    longitude: row.longitude,
    status: row.status as Campus['status'],
    openingDate: row.openingDate,
    yearlyCapacity: row.yearlyCapacity,
    provenance: row.provenance as Campus['provenance'],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }
}

function commune(inseeCode: string): Commune {
  const found = findCommune(inseeCode)
  if (!found) {
    throw Invalid([
      {
        field: '/inseeCode',
        code: 'insee_code',
        message: `${inseeCode} is not the INSEE code of a current French commune`,
      },
    ])
  }
  return found
}

function checkCoordinates(latitude: number | null, longitude: number | null) {
  if ((latitude === null) !== (longitude === null)) {
    throw Invalid([
      {
        field: latitude === null ? '/latitude' : '/longitude',
        code: 'coordinates',
        message: 'latitude and longitude go together: give both or neither',
      },
    ])
  }
}

const communeColumns = (c: Commune) => ({
  inseeCode: c.inseeCode,
  commune: c.commune,
  departmentCode: c.departmentCode,
  departmentName: c.departmentName,
  regionCode: c.regionCode,
  regionName: c.regionName,
})

export function createCampusesService(deps: {
  db: Database
  campuses: CampusesRepository
  memberships: MembershipsRepository
  /** Counts the cohorts and learners that keep a campus from being deleted. */
  cohorts: CohortsRepository
}) {
  const { db, campuses, memberships, cohorts } = deps
  const target = (id: string, ifMatch: IfMatch, tx: Executor): VersionedTarget<CampusRow> => ({
    resource: 'Campus',
    resourceType: 'campus',
    id,
    ifMatch,
    read: () => campuses.get(id, tx),
    toEntity: toCampus,
    campusOf: (row) => row.id,
  })

  async function get(id: string): Promise<Campus> {
    const row = await campuses.get(id)
    if (!row) throw NotFound('Campus', id)
    return toCampus(row)
  }

  return {
    get,

    async list(query: CampusListQuery): Promise<PageOf<Campus>> {
      const { field, direction, key } = parseSort(query.sort, 'name')
      const sort = field as keyof typeof campusSortSpecs
      const limit = query.limit ?? 20
      const rows = await campuses.list({
        status: query.status,
        regionCode: query.region,
        departmentCode: query.department,
        search: query.q ? searchKey(query.q) : undefined,
        sort,
        direction,
        cursor: decodeCursor(query.cursor, key),
        limit,
      })
      return toPage(rows, limit, campusSortSpecs[sort].read, toCampus, key)
    },

    async create(input: CampusCreate, provenance: 'user' | 'source_article' | 'demo' = 'user'): Promise<Campus> {
      const c = commune(input.inseeCode)
      const latitude = input.latitude ?? null
      const longitude = input.longitude ?? null
      checkCoordinates(latitude, longitude)
      const name = nameOf(input.name, '/name')
      return db.transaction(async (tx) => {
        const row = await campuses.insert(
          {
            name,
            searchKey: searchKey(name, c.commune),
            ...communeColumns(c),
            latitude,
            longitude,
            status: input.status ?? 'planned',
            openingDate: input.openingDate ?? null,
            yearlyCapacity: input.yearlyCapacity ?? null,
            provenance,
          },
          tx,
        )
        const campus = toCampus(row)
        await recordAudit(tx, {
          action: 'create',
          resourceType: 'campus',
          resourceId: row.id,
          campusId: row.id,
          changes: changesOf(null, campus),
        })
        return campus
      })
    },

    async update(id: string, ifMatch: IfMatch, input: CampusUpdate): Promise<Campus> {
      return db.transaction((tx) =>
        updateVersioned(tx, target(id, ifMatch, tx), async (current, expectedVersion) => {
          const c = input.inseeCode ? commune(input.inseeCode) : undefined
          const latitude = input.latitude !== undefined ? input.latitude : current.latitude
          const longitude = input.longitude !== undefined ? input.longitude : current.longitude
          checkCoordinates(latitude, longitude)
          const name = input.name === undefined ? current.name : nameOf(input.name, '/name')
          const row = await campuses.update(
            id,
            expectedVersion,
            {
              name,
              searchKey: searchKey(name, c?.commune ?? current.commune),
              ...(c ? communeColumns(c) : {}),
              latitude,
              longitude,
              ...(input.status !== undefined ? { status: input.status } : {}),
              ...(input.openingDate !== undefined ? { openingDate: input.openingDate } : {}),
              ...(input.yearlyCapacity !== undefined ? { yearlyCapacity: input.yearlyCapacity } : {}),
            },
            tx,
          )
          return row ? toCampus(row) : undefined
        }),
      )
    },

    async delete(id: string, ifMatch: IfMatch): Promise<void> {
      await db.transaction((tx) =>
        deleteVersioned(tx, target(id, ifMatch, tx), async (_current, expectedVersion) => {
          const records = await cohorts.countRecordsForCampus(id, tx)
          const remaining = [
            [records.cohorts, 'cohort(s)'],
            [records.learners, 'learner(s)'],
            [await memberships.countForCampus(id, tx), 'consortium membership(s)'],
          ] as const
          const held = remaining.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`)
          if (held.length > 0) {
            throw Conflict(
              `Campus ${id} still has ${held.join(', ')}; a campus with a history is closed (status "closed"), not deleted.`,
              'in_use',
            )
          }
          return campuses.delete(id, expectedVersion, tx)
        }),
      )
    },
  }
}

export type CampusesService = ReturnType<typeof createCampusesService>
