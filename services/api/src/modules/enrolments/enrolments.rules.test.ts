import { describe, expect, it } from 'vitest'
import { addDays } from '@trajectoires/contract/rules'
import {
  applyTransition,
  enrolmentIssues,
  hasEntered,
  internshipIssues,
  periodsOverlap,
  stageHistoryIssues,
  transitionRefusal,
  type EnrolmentFacts,
} from './enrolments.rules.js'

const row = (fields: Partial<EnrolmentFacts>): EnrolmentFacts => ({
  stage: 'applied',
  appliedOn: '2018-12-03',
  stageChangedOn: '2018-12-03',
  integrationConfirmedOn: null,
  exitDate: null,
  exitReason: null,
  exclusionReason: null,
  ...fields,
})
const fields = (issues: Array<{ field: string; code: string }>) => issues.map((i) => `${i.field}:${i.code}`)

// Pure rules shared with the bulk import: no database, no HTTP.
describe('enrolment rules', () => {
  it('accepts consistent rows at every stage', () => {
    expect(enrolmentIssues(row({}))).toEqual([])
    expect(enrolmentIssues(row({ stage: 'jury_rejected', stageChangedOn: '2018-12-13' }))).toEqual([])
    expect(
      enrolmentIssues(
        row({
          stage: 'completed',
          stageChangedOn: '2019-04-12',
          exitDate: '2019-04-12',
          exitReason: 'completed',
          integrationConfirmedOn: '2019-02-14',
        }),
      ),
    ).toEqual([])
    expect(
      enrolmentIssues(
        row({
          stage: 'withdrawn',
          stageChangedOn: '2019-02-20',
          exitDate: '2019-02-20',
          exitReason: 'excluded',
          exclusionReason: 'deceased',
        }),
      ),
    ).toEqual([])
    expect(enrolmentIssues(row({ stage: 'withdrawn', stageChangedOn: '2019-01-10' }))).toEqual([])
  })

  it('reports exit fields that do not fit the stage, and dates out of order', () => {
    expect(fields(enrolmentIssues(row({ stage: 'completed', stageChangedOn: '2019-04-12' })))).toEqual([
      'exitReason:exit_reason',
    ])
    expect(
      fields(
        enrolmentIssues(
          row({ stage: 'in_training', exitReason: 'dropout', exitDate: '2019-02-01', stageChangedOn: '2019-02-01' }),
        ),
      ),
    ).toEqual(['exitReason:exit_reason'])
    expect(
      fields(enrolmentIssues(row({ stage: 'withdrawn', exitReason: 'completed', exitDate: '2018-12-03' }))),
    ).toEqual(['exitReason:exit_reason'])
    expect(fields(enrolmentIssues(row({ stage: 'withdrawn', exitReason: 'dropout' })))).toEqual(['exitDate:required'])
    expect(fields(enrolmentIssues(row({ exitDate: '2019-01-01' })))).toEqual(['exitDate:exit_date'])
    expect(
      fields(
        enrolmentIssues(
          row({ stage: 'withdrawn', exitReason: 'dropout', exitDate: '2019-01-01', stageChangedOn: '2019-01-02' }),
        ),
      ),
    ).toEqual(['exitDate:date_order'])
    expect(
      fields(
        enrolmentIssues(
          row({ stage: 'withdrawn', exitReason: 'excluded', exitDate: '2019-01-01', stageChangedOn: '2019-01-01' }),
        ),
      ),
    ).toEqual(['exclusionReason:required'])
    expect(
      fields(
        enrolmentIssues(
          row({
            stage: 'withdrawn',
            exitReason: 'dropout',
            exclusionReason: 'moved_away',
            exitDate: '2019-01-01',
            stageChangedOn: '2019-01-01',
          }),
        ),
      ),
    ).toEqual(['exclusionReason:exclusion_reason'])
    expect(fields(enrolmentIssues(row({ stageChangedOn: '2018-12-01' })))).toEqual(['stageChangedOn:date_order'])
    expect(fields(enrolmentIssues(row({ integrationConfirmedOn: '2019-01-01' })))).toEqual([
      'integrationConfirmedOn:stage',
    ])
    expect(fields(enrolmentIssues(row({ stage: 'enrolled', integrationConfirmedOn: '2018-12-01' })))).toEqual([
      'integrationConfirmedOn:date_order',
    ])
  })

  it('tells who entered the training', () => {
    expect(hasEntered({ stage: 'enrolled', exitReason: null })).toBe(true)
    expect(hasEntered({ stage: 'withdrawn', exitReason: 'dropout' })).toBe(true)
    expect(hasEntered({ stage: 'withdrawn', exitReason: null })).toBe(false)
    expect(hasEntered({ stage: 'waitlisted', exitReason: null })).toBe(false)
  })

  it('follows the stage machine, and applies a move', () => {
    expect(transitionRefusal('enrolled', 'in_training')).toBeUndefined()
    expect(transitionRefusal('waitlisted', 'in_training')).toBe(
      'The enrolment is at stage "waitlisted": it can move to "enrolled" or "withdrawn", not to "in_training".',
    )
    expect(
      applyTransition(row({ stage: 'in_training' }), { to: 'withdrawn', on: '2019-02-01', exitReason: 'dismissed' }),
    ).toEqual({
      stage: 'withdrawn',
      stageChangedOn: '2019-02-01',
      exitDate: '2019-02-01',
      exitReason: 'dismissed',
      exclusionReason: null,
    })
    expect(applyTransition(row({ stage: 'waitlisted' }), { to: 'withdrawn', on: '2019-02-01' }).exitDate).toBeNull()
  })

  it('checks a stage history from the application on', () => {
    expect(
      stageHistoryIssues([
        { fromStage: null, toStage: 'applied', on: '2018-12-03' },
        { fromStage: 'applied', toStage: 'enrolled', on: '2018-12-13' },
        { fromStage: 'enrolled', toStage: 'in_training', on: '2019-01-14' },
      ]),
    ).toEqual([])
    expect(fields(stageHistoryIssues([]))).toEqual(['stages:required'])
    expect(
      fields(
        stageHistoryIssues([
          { fromStage: null, toStage: 'enrolled', on: '2018-12-03' },
          { fromStage: 'enrolled', toStage: 'completed', on: '2018-12-01' },
          { fromStage: 'in_training', toStage: 'completed', on: '2019-01-01' },
        ]),
      ),
    ).toEqual(['stages/0:stage', 'stages/1:transition', 'stages/1:date_order', 'stages/2:stage'])
  })

  it('compares inclusive periods and counts days across months and leap years', () => {
    const winter = { startDate: '2019-01-14', endDate: '2019-04-12' }
    expect(periodsOverlap(winter, { startDate: '2019-04-12', endDate: '2019-07-01' })).toBe(true)
    expect(periodsOverlap(winter, { startDate: '2019-04-13', endDate: '2019-07-01' })).toBe(false)
    expect(periodsOverlap(winter, { startDate: '2018-01-01', endDate: '2020-01-01' })).toBe(true)
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29')
    expect(addDays('2019-01-14', -30)).toBe('2018-12-15')
    expect(addDays('2019-12-31', 1)).toBe('2020-01-01')
  })

  it('keeps internships within the cohort give or take 30 days', () => {
    const cohort = { startDate: '2019-01-14', endDate: '2019-04-12' }
    expect(internshipIssues({ startDate: '2018-12-15', endDate: '2019-05-12' }, cohort)).toEqual([])
    expect(fields(internshipIssues({ startDate: '2018-12-14', endDate: '2019-05-13' }, cohort))).toEqual([
      'startDate:cohort_period',
      'endDate:cohort_period',
    ])
    expect(fields(internshipIssues({ startDate: '2019-02-02', endDate: '2019-02-01' }, cohort))).toEqual([
      'endDate:date_order',
    ])
  })
})
