/** Examples of the API's answers: outcome observations, their history and the follow-up due list. */

const firstObservation = {
  id: 'aa32fb67-7ee4-4d12-8e24-1701b437091b',
  enrolmentId: 'a993821d-02fc-42e2-94c2-ea15da3a99c2',
  checkpoint: 'exit',
  observedOn: '2018-12-15',
  situation: 'employed',
  contractType: 'cdd' as string | null,
  contractMonths: 10 as number | null,
  employerOrganisationId: null,
  inFibreSector: false as boolean | null,
  startedOn: null,
  source: 'partner_report',
  supersedes: null as string | null,
  supersededBy: '3e924c55-4d3b-45c1-8bd9-85c61c459b2a' as string | null,
  current: false,
  provenance: 'demo',
  importId: null,
  recordedAt: '2018-12-18T10:00:00.000Z',
}

export const outcomeObservationExample = firstObservation

/** The same learner's other observations: each changes only what differs from the first. */
const observation = (fields: Partial<typeof firstObservation>) => ({ ...firstObservation, ...fields })

const notInWork = { contractType: null, contractMonths: null, inFibreSector: null }

const jobSeekingAtExit = observation({
  id: '3e924c55-4d3b-45c1-8bd9-85c61c459b2a',
  situation: 'job_seeking',
  ...notInWork,
  source: 'document',
  supersedes: 'aa32fb67-7ee4-4d12-8e24-1701b437091b',
  supersededBy: null,
  current: true,
  recordedAt: '2019-01-24T10:00:00.000Z',
})

export const outcomeObservationHistoryExample = {
  enrolmentId: 'a993821d-02fc-42e2-94c2-ea15da3a99c2',
  exitDate: '2018-11-30',
  asOf: '2026-11-28T18:29:34.753Z',
  windows: {
    exit: {
      from: '2018-11-30',
      to: '2019-01-14',
    },
    m6: {
      from: '2019-03-30',
      to: '2019-07-30',
    },
    m12: {
      from: '2019-09-30',
      to: '2020-01-30',
    },
  },
  items: [outcomeObservationExample, jobSeekingAtExit],
  current: {
    exit: jobSeekingAtExit,
    m6: observation({
      id: '3beb9384-ce7d-4121-988d-13e83e79d462',
      checkpoint: 'm6',
      observedOn: '2019-05-27',
      situation: 'job_seeking',
      ...notInWork,
      supersededBy: null,
      current: true,
      recordedAt: '2019-05-30T10:00:00.000Z',
    }),
    m12: observation({
      id: '6c60a370-c8eb-4748-886a-540ee0c02fb1',
      checkpoint: 'm12',
      observedOn: '2019-11-26',
      situation: 'work_study',
      contractType: 'professionalisation',
      contractMonths: 17,
      inFibreSector: true,
      source: 'self_declared',
      supersededBy: null,
      current: true,
      recordedAt: '2019-11-29T10:00:00.000Z',
    }),
  },
}

export const followUpPageExample = {
  items: [
    {
      enrolmentId: '74166cab-76e0-4a5d-ab3b-326828b15157',
      learner: {
        id: 'd5ffa961-bbd9-46af-b24a-e522e6a9886e',
        reference: 'CHE-2017-008',
      },
      campus: {
        id: '0fdd2d6f-3d02-4d78-a97b-22bd1c5e94e9',
        name: 'Plombiers du numérique Chelles',
      },
      cohort: {
        id: '077269ba-cf60-4708-8785-2eee699d66ee',
        name: 'CHE 2017-3',
      },
      checkpoint: 'm6',
      exitDate: '2017-11-28',
      dueOn: '2018-05-28',
      daysOverdue: 3106,
      window: {
        from: '2018-03-28',
        to: '2018-07-28',
      },
      windowClosed: true,
    },
  ],
  nextCursor: 'eyJ2IjoiMjAxOC0wNS0yOC9tNiIsImlkIjoiNzQxNjZjYWItNzZlMC00YTVkLWFiM2ItMzI2ODI4YjE1MTU3In0',
}
