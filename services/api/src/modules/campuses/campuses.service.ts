import type { Campus, CampusCreate, CampusListQuery, CampusUpdate, PageOf } from '@trajectoires/contract'
import type { Database } from '../../db/client.js'
import { findCommune, type Commune } from '../../lib/communes.js'
import { Conflict, Invalid } from '../../lib/errors.js'
import type { IfMatch } from '../../lib/http.js'
import { givenFields } from '../../lib/patch.js'
import { versionedResource } from '../audit/versioned-write.js'
import { listPage } from '../../lib/pagination.js'
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
  const { get, create, update, remove } = versionedResource({
    resource: 'Campus',
    resourceType: 'campus',
    read: campuses.get,
    toEntity: toCampus,
    campusOf: (row) => row.id,
    db,
    rows: campuses,
  })

  return {
    get,

    async list(query: CampusListQuery): Promise<PageOf<Campus>> {
      return listPage(
        query,
        campusSortSpecs,
        'name',
        (page) =>
          campuses.list({
            status: query.status,
            regionCode: query.region,
            departmentCode: query.department,
            search: query.q ? searchKey(query.q) : undefined,
            ...page,
          }),
        toCampus,
      )
    },

    async create(input: CampusCreate, provenance: 'user' | 'source_article' | 'demo' = 'user'): Promise<Campus> {
      const c = commune(input.inseeCode)
      const latitude = input.latitude ?? null
      const longitude = input.longitude ?? null
      checkCoordinates(latitude, longitude)
      const name = nameOf(input.name, '/name')
      return create(() => ({
        name,
        searchKey: searchKey(name, c.commune),
        ...communeColumns(c),
        latitude,
        longitude,
        status: input.status ?? 'planned',
        openingDate: input.openingDate ?? null,
        yearlyCapacity: input.yearlyCapacity ?? null,
        provenance,
      }))
    },

    async update(id: string, ifMatch: IfMatch, input: CampusUpdate): Promise<Campus> {
      return update(id, ifMatch, (current) => {
        const c = input.inseeCode ? commune(input.inseeCode) : undefined
        const latitude = input.latitude !== undefined ? input.latitude : current.latitude
        const longitude = input.longitude !== undefined ? input.longitude : current.longitude
        checkCoordinates(latitude, longitude)
        const name = input.name === undefined ? current.name : nameOf(input.name, '/name')
        return {
          name,
          searchKey: searchKey(name, c?.commune ?? current.commune),
          ...(c ? communeColumns(c) : {}),
          latitude,
          longitude,
          ...givenFields(input, ['status', 'openingDate', 'yearlyCapacity']),
        }
      })
    },

    async delete(id: string, ifMatch: IfMatch): Promise<void> {
      await remove(id, ifMatch, async (_current, tx) => {
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
      })
    },
  }
}

export type CampusesService = ReturnType<typeof createCampusesService>
