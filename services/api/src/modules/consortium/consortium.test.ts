import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, deleteIfMatch, expectProblem, patchIfMatch, type TestContext } from '../../../test/helpers.js'
import { seededApp } from '../enrolments/enrolments.fixtures.js'

let t: TestContext
let lyonId: string
let romansId: string

beforeAll(async () => {
  ;({ t, lyonId, romansId } = await seededApp())
})
afterAll(() => t.close())

async function newOrganisation(name: string) {
  return (
    await call(t.admin, { method: 'POST', url: '/api/v1/organisations', payload: { name, kind: 'fibre_contractor' } })
  ).data
}

describe('consortium memberships', () => {
  it('gives Lyon’s consortium from the article, carrier first', async () => {
    const res = await call(t.admin, { method: 'GET', url: `/api/v1/campuses/${lyonId}/consortium?asOf=2019-01-01` })
    expect(res.statusCode).toBe(200)
    expect(res.data.asOf).toBe('2019-01-01')
    expect(res.data.members).toHaveLength(5)
    expect(res.data.members[0]).toMatchObject({
      organisation: { name: 'École de la Deuxième Chance de Lyon', kind: 'e2c' },
      roles: ['carrier'],
      campus: { id: lyonId, commune: 'Lyon' },
    })
    const roles = Object.fromEntries(res.data.members.map((m: any) => [m.organisation.name, m.roles]))
    expect(roles).toMatchObject({ Telenco: ['industry_sponsor'], 'Fondation PAI Partners': ['funder'] })

    const before = await call(t.admin, { method: 'GET', url: `/api/v1/campuses/${lyonId}/consortium?asOf=2017-01-01` })
    expect(before.data.members).toEqual([])
    const today = await call(t.admin, { method: 'GET', url: `/api/v1/campuses/${lyonId}/consortium` })
    expect(today.data.asOf).toBe(new Date().toISOString().slice(0, 10))
  })

  it('keeps history: a role change closes one membership and opens another', async () => {
    const org = await newOrganisation('Fibre Rhône')
    const first = await call(t.admin, {
      method: 'POST',
      url: `/api/v1/campuses/${lyonId}/memberships`,
      payload: { organisationId: org.id, roles: ['internship_host'], validFrom: '2019-01-01' },
    })
    expect(first.statusCode).toBe(201)
    expect(first.headers.location).toBe(`/api/v1/memberships/${first.data.id}`)

    const overlapping = await call(t.admin, {
      method: 'POST',
      url: `/api/v1/campuses/${lyonId}/memberships`,
      payload: { organisationId: org.id, roles: ['recruiter'], validFrom: '2021-01-01' },
    })
    expect(expectProblem(overlapping, 409, 'conflict').detail).toMatch(/overlap/)

    const closed = await patchIfMatch(t.admin, `/api/v1/memberships/${first.data.id}`, '"1"', { validTo: '2020-12-31' })
    expect(closed.statusCode).toBe(200)
    expect(closed.data).toMatchObject({ validTo: '2020-12-31', version: 2 })

    const second = await call(t.admin, {
      method: 'POST',
      url: `/api/v1/campuses/${lyonId}/memberships`,
      payload: { organisationId: org.id, roles: ['internship_host', 'recruiter'], validFrom: '2021-01-01' },
    })
    expect(second.statusCode).toBe(201)

    const in2020 = await call(t.admin, { method: 'GET', url: `/api/v1/campuses/${lyonId}/consortium?asOf=2020-12-31` })
    expect(in2020.data.members.find((m: any) => m.organisation.id === org.id).roles).toEqual(['internship_host'])
    const in2021 = await call(t.admin, { method: 'GET', url: `/api/v1/campuses/${lyonId}/consortium?asOf=2021-01-01` })
    expect(in2021.data.members.find((m: any) => m.organisation.id === org.id).roles).toEqual([
      'internship_host',
      'recruiter',
    ])

    const history = await call(t.admin, { method: 'GET', url: `/api/v1/organisations/${org.id}/campuses` })
    expect(history.data.items.map((m: any) => m.validFrom)).toEqual(['2021-01-01', '2019-01-01'])
    const full = await call(t.admin, { method: 'GET', url: `/api/v1/campuses/${lyonId}/memberships` })
    expect(full.data.items.filter((m: any) => m.organisation.id === org.id)).toHaveLength(2)
  })

  it('lists the campuses an organisation takes part in, on a day', async () => {
    const org = await newOrganisation('Réseau national')
    for (const campusId of [lyonId, romansId]) {
      await call(t.admin, {
        method: 'POST',
        url: `/api/v1/campuses/${campusId}/memberships`,
        payload: {
          organisationId: org.id,
          roles: ['jury_member'],
          validFrom: '2019-06-01',
          validTo: campusId === lyonId ? '2019-12-31' : null,
        },
      })
    }
    const in2019 = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/organisations/${org.id}/campuses?asOf=2019-07-01`,
    })
    expect(in2019.data.items.map((m: any) => m.campus.commune).sort()).toEqual(['Lyon', 'Romans-sur-Isère'])
    const in2020 = await call(t.admin, {
      method: 'GET',
      url: `/api/v1/organisations/${org.id}/campuses?asOf=2020-07-01`,
    })
    expect(in2020.data.items.map((m: any) => m.campus.commune)).toEqual(['Romans-sur-Isère'])
  })

  it('refuses bad memberships with the failing fields', async () => {
    const org = await newOrganisation('Checker')
    const url = `/api/v1/campuses/${lyonId}/memberships`
    const empty = await call(t.admin, {
      method: 'POST',
      url,
      payload: { organisationId: org.id, roles: [], validFrom: '2020-01-01' },
    })
    expect(expectProblem(empty, 400, 'validation_failed').errors![0]!.field).toBe('/roles')
    const badRole = await call(t.admin, {
      method: 'POST',
      url,
      payload: { organisationId: org.id, roles: ['boss'], validFrom: '2020-01-01' },
    })
    expect(expectProblem(badRole, 400, 'validation_failed').errors![0]!.field).toBe('/roles/0')
    const dup = await call(t.admin, {
      method: 'POST',
      url,
      payload: { organisationId: org.id, roles: ['funder', 'funder'], validFrom: '2020-01-01' },
    })
    expectProblem(dup, 400, 'validation_failed')
    const backwards = await call(t.admin, {
      method: 'POST',
      url,
      payload: { organisationId: org.id, roles: ['funder'], validFrom: '2020-01-01', validTo: '2019-01-01' },
    })
    expect(expectProblem(backwards, 400, 'validation_failed').errors![0]!.field).toBe('/validTo')
    const ghost = await call(t.admin, {
      method: 'POST',
      url,
      payload: { organisationId: '3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10', roles: ['funder'], validFrom: '2020-01-01' },
    })
    expect(expectProblem(ghost, 400, 'validation_failed').errors![0]!.field).toBe('/organisationId')
    const noCampus = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/campuses/3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10/memberships',
      payload: { organisationId: org.id, roles: ['funder'], validFrom: '2020-01-01' },
    })
    expectProblem(noCampus, 404, 'not_found')
    expectProblem(
      await call(t.admin, { method: 'GET', url: '/api/v1/campuses/3f0e2f1b-6c39-4f6f-9a53-0b9b2f1e7c10/consortium' }),
      404,
      'not_found',
    )
  })

  it('refuses a stale update and deletes a membership entered by mistake', async () => {
    const org = await newOrganisation('Mistake')
    const m = (
      await call(t.admin, {
        method: 'POST',
        url: `/api/v1/campuses/${romansId}/memberships`,
        payload: { organisationId: org.id, roles: ['funder'], validFrom: '2022-01-01' },
      })
    ).data
    const stale = await patchIfMatch(t.admin, `/api/v1/memberships/${m.id}`, '"7"', { roles: ['associate'] })
    expectProblem(stale, 412, 'precondition_failed')
    expect((await call(t.admin, { method: 'GET', url: `/api/v1/memberships/${m.id}` })).data.roles).toEqual(['funder'])
    const del = await deleteIfMatch(t.admin, `/api/v1/memberships/${m.id}`, '"1"')
    expect(del.statusCode).toBe(204)
    expectProblem(await call(t.admin, { method: 'GET', url: `/api/v1/memberships/${m.id}` }), 404, 'not_found')
  })
})
