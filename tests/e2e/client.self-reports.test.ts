import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type TrajectoiresClient } from '@trajectoires/client'
import type { FollowUpInvitationIssued } from '@trajectoires/contract'
import { apiError } from './support/client'
import { day, french, monthsAgo } from './support/dates'
import { loginHeaders, type RunningApi } from './support/server'
import { apiTargets } from './support/targets'

/**
 * The typed client's follow-up operations against the real API: staff invite a cohort and one
 * learner, list and revoke; a learner, with a client that holds no credentials, looks the code up
 * and answers once; the answer is a `self_report` observation with its start date, the invitation
 * is answered, and the response rate by source counts it for staff only.
 */

const references = ['CLIENT-SUIVI-1', 'CLIENT-SUIVI-2', 'CLIENT-SUIVI-3']

describe.each(apiTargets())('typed client: follow-up invitations and self-reports on $database', ({ start }) => {
  let api: RunningApi
  let staff: TrajectoiresClient
  let learner: TrajectoiresClient
  let cohortId: string
  let campusName: string

  beforeAll(async () => {
    api = await start({ timeoutMs: 240_000 })
    staff = createClient({ baseUrl: api.url, headers: await loginHeaders(api.url) })
    learner = createClient({ baseUrl: api.url })
    // A Lyon cohort whose learners left six months ago: their m6 follow-up is due, its window open.
    const lyon = (await staff.listCampuses({ q: 'lyon' })).items[0]!
    campusName = lyon.name
    const track = (await staff.listTracks({ limit: 1 })).items[0]!
    const exit = monthsAgo(6)
    const cohort = await staff.createCohort({
      campusId: lyon.id,
      trackId: track.id,
      name: 'Lyon – suivi par le client typé',
      startDate: monthsAgo(9),
      endDate: exit,
      plannedSeats: 12,
      status: 'completed',
    })
    cohortId = cohort.data.id
    const lines = [
      'campus;cohort;learnerReference;birthYear;sex;diplomaAtEntry;referrer;appliedOn;stage;integrationConfirmedOn;exitDate;exitReason',
      ...references.map(
        (reference) =>
          `${lyon.name};${cohort.data.name};${reference};2001;female;none;mission_locale;${french(monthsAgo(10))};completed;${french(monthsAgo(9, -7))};${french(exit)};completed`,
      ),
    ]
    const imported = await staff.importRecords('enrolments', lines.join('\r\n'), { format: 'csv' })
    expect(imported).toMatchObject({ committed: true, written: { enrolments: 3 } })
  }, 300_000)

  afterAll(async () => {
    await api?.stop()
  })

  let issued: FollowUpInvitationIssued[] = []

  it('invites a cohort, then one learner again, lists and revokes', async () => {
    const cohortWide = await staff.createCohortFollowUpInvitations(cohortId, {
      checkpoint: 'm6',
      contact: 'Équipe insertion, 04 72 00 00 00',
    })
    expect(cohortWide.data.items.map((i) => i.learner.reference)).toEqual(references)
    for (const invitation of cohortWide.data.items) {
      expect(invitation.code).toMatch(/^[A-Z2-7]{26}$/)
      expect(invitation.link).toBe(`${api.url}/suivi#${invitation.code}`)
      expect(Date.parse(invitation.expiresAt)).toBeGreaterThan(Date.now())
    }

    // A new invitation for the first learner revokes the pending one of the sheet.
    const first = cohortWide.data.items[0]!
    const again = await staff.createFollowUpInvitation({ enrolmentId: first.enrolmentId, checkpoint: 'm6' })
    expect(again.data).toMatchObject({ enrolmentId: first.enrolmentId, checkpoint: 'm6' })
    expect(again.data.code).not.toBe(first.code)
    expect((await apiError(() => learner.lookupSelfReport(first.code))).code).toBe('code_revoked')

    const pending = await staff.listFollowUpInvitations({ cohortId, status: 'pending' })
    expect(pending.items.map((i) => i.learner.reference).sort()).toEqual(references)
    expect(JSON.stringify(pending)).not.toContain(again.data.code) // staff never see a code again

    // Staff revoke the third learner's invitation: its code is refused from then on.
    const third = cohortWide.data.items[2]!
    const revoked = await staff.revokeFollowUpInvitation(third.id)
    expect(revoked).toMatchObject({ id: third.id, status: 'revoked' })
    expect(revoked.revokedAt).not.toBeNull()
    const refused = await apiError(() => learner.lookupSelfReport(third.code))
    expect([refused.status, refused.code]).toEqual([410, 'code_revoked'])

    issued = [again.data, cohortWide.data.items[1]!]
  })

  it('lets a learner without credentials look the code up and answer once', async () => {
    const [invitation] = issued
    expect(invitation).toBeDefined()
    const asked = await learner.lookupSelfReport(invitation!.code)
    expect(asked).toMatchObject({ campusName, checkpoint: 'm6', contact: null })
    expect(JSON.stringify(asked)).not.toContain(invitation!.learner.reference)

    const startedOn = monthsAgo(1)
    const receipt = await learner.createSelfReport({
      code: invitation!.code,
      situation: 'employed',
      contractType: 'cdd',
      contractMonths: 6,
      inFibreSector: true,
      startedOn,
    })
    expect(receipt.data).toEqual({ campusName, checkpoint: 'm6', observedOn: day(new Date()) })

    const used = await apiError(() => learner.createSelfReport({ code: invitation!.code, situation: 'job_seeking' }))
    expect([used.status, used.code]).toEqual([410, 'code_used'])
    expect((await apiError(() => learner.lookupSelfReport(invitation!.code))).status).toBe(410)
    const wrong = await apiError(() => learner.lookupSelfReport('AAAAAAAAAAAAAAAAAAAAAAAAAA'))
    expect(wrong.status).toBe(404)
    expect(JSON.stringify(wrong)).not.toContain(campusName)

    // The answer is an observation like any other, its start date kept.
    const history = await staff.listOutcomeObservations(invitation!.enrolmentId)
    const recorded = history.items.find((o) => o.source === 'self_report')
    expect(recorded).toMatchObject({
      checkpoint: 'm6',
      situation: 'employed',
      contractType: 'cdd',
      startedOn,
      observedOn: receipt.data.observedOn,
    })
    const answered = await staff.listFollowUpInvitations({ cohortId, status: 'answered' })
    expect(answered.items.map((i) => [i.id, i.observationId])).toEqual([[invitation!.id, recorded!.id]])
  })

  it('reports the response rate by source to staff, never to the public', async () => {
    const result = await staff.getPlacement({ cohortId, responseBySource: true })
    expect(result.total).toMatchObject({ denominator: 3, unknown: 2, numerator: 1 })
    const bySource = Object.fromEntries(result.responseBySource!.map((s) => [s.source, s.responses]))
    expect(bySource).toEqual({
      self_declared: 0,
      employer_confirmed: 0,
      document: 0,
      partner_report: 0,
      self_report: 1,
    })
    const refused = await apiError(() => learner.getPlacement({ cohortId, responseBySource: true }))
    expect([refused.status, refused.code]).toEqual([403, 'not_published'])
  })
})
